package io.faultline.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A running member of the cluster, and the faults that act on it directly. Each action is an event on the run's clock. */
public interface Node {

    enum State {
        /** Started and not killed or paused (it may still be booting). */
        RUNNING,
        /** Frozen: SIGSTOP in the process backend, {@code docker pause} in the Docker backend. */
        PAUSED,
        /** Killed (SIGKILL / {@code docker kill}) or exited. */
        DOWN
    }

    String name();

    State state();

    /**
     * {@code host:port} at which the test JVM reaches this node's named port directly, bypassing
     * every proxy (for health checks and probes, not for clients under test).
     */
    String directAddress(String port);

    /** The node's output (stdout and stderr, every start appended), in the run directory. */
    Path log();

    /** The log lines written since the node last started. */
    Stream<String> logSinceStart() throws IOException;

    /** The node's data directory on the host, in the run directory. */
    Path dataDir();

    /** SIGKILL: no shutdown hooks, no flush. */
    void kill();

    /** Freezes every thread of the node; its sockets stay open and unanswered. */
    void pause();

    void resume();

    /**
     * Starts the node again with the same name, address, ports and data, killing it first if it is
     * running, and waits until its health check passes.
     */
    void restart();
}
