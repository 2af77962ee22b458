package io.faultline.harness.backend;

/** A node as its backend runs it. Output goes to the node's log, every start appended. */
public interface BackendNode {

    /** Starts the node, or starts it again after a kill, with the same address, ports and data. */
    void start() throws Exception;

    /** SIGKILL (process) or {@code docker kill} (container). */
    void kill() throws Exception;

    /** SIGSTOP (process) or {@code docker pause}. */
    void pause() throws Exception;

    void resume() throws Exception;

    boolean isAlive();

    /** {@code host:port} at which the test JVM reaches the node's port directly; valid while it runs. */
    String directAddress(int port);
}
