package io.faultline.harness.backend;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** A node as its backend runs it. Output goes to the node's log, every start appended. */
public interface BackendNode {

    /**
     * The line a backend appends to a node's log before each start, formatted with the node's name
     * and the start's number (from 1): what follows the last one is the output since the last start.
     */
    String START_MARKER = "---- faultline: %s start %d ----";

    /** Whether {@code line} is a {@link #START_MARKER} of {@code node}. */
    static boolean isStartMarker(String line, String node) {
        String prefix = "---- faultline: " + node + " start ";
        String suffix = " ----";
        return line.length() > prefix.length() + suffix.length() && line.startsWith(prefix) && line.endsWith(suffix)
                && line.substring(prefix.length(), line.length() - suffix.length()).chars().allMatch(Character::isDigit);
    }

    /** Starts the node, or starts it again after a kill, with the same address, ports and data. */
    void start() throws Exception;

    /** SIGKILL (process) or {@code docker kill} (container). */
    void kill() throws Exception;

    /** SIGSTOP (process) or {@code docker pause}. */
    void pause() throws Exception;

    void resume() throws Exception;

    boolean isAlive();

    /**
     * Waits, after {@link #start}, until {@code ready} (the node's health check) answers true, asking
     * again while the node runs. Fails with the node's name, the end of its log and where the log is
     * if the node exits first (with its exit code) or {@code timeout} passes; a {@code ready} that
     * throws counts as not ready, and its last exception is reported.
     */
    void awaitReady(Callable<Boolean> ready, Duration timeout) throws Exception;

    /** {@code host:port} at which the test JVM reaches the node's port directly; valid while it runs. */
    String directAddress(int port);

    /**
     * The ports on which the node listens now, read from outside it ({@code /proc}), without
     * connecting; empty when this cannot be told here (no {@code /proc}, Docker on another host).
     */
    Optional<Set<Integer>> listeningPorts();
}
