package io.faultline.harness;

/**
 * The user's side of a workload: performs operations against the cluster for one logical process.
 * Return {@link Completion#ok} when the operation took effect and {@link Completion#fail} when it
 * certainly did not; throw (or exceed the workload's operation timeout) when you cannot know, and
 * the operation is recorded as {@code :info} — indeterminate — and the process gets a fresh number,
 * as in Jepsen.
 */
public interface Client extends AutoCloseable {

    Completion invoke(Invocation invocation) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** Opens a client for logical process {@code process}. */
    @FunctionalInterface
    interface Factory {
        Client open(Cluster cluster, int process) throws Exception;
    }
}
