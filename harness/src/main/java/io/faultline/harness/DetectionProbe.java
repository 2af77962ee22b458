package io.faultline.harness;

/**
 * Reports, per observer node, when it starts and stops suspecting each peer. The harness starts a
 * cluster's probes once it is ready and stops them at teardown; every report becomes a
 * {@code suspect} or {@code trust} event on the run's clock, which the detection checker judges
 * against the injected faults.
 */
public interface DetectionProbe {

    /**
     * Starts watching {@code cluster}, reporting to {@code sink} until {@link #stop()}. A poll that
     * fails goes to {@link Sink#error}, never nowhere: a probe that cannot see fails its run.
     */
    void start(Cluster cluster, RunClock clock, Sink sink) throws Exception;

    void stop();

    /** Where a probe reports. Times are nanoseconds on the run's clock. */
    interface Sink {
        void suspect(String observer, String peer, long time);

        void trust(String observer, String peer, long time);

        /**
         * A poll of {@code node} failed: it did not answer, or its answer could not be read. Each
         * becomes a {@code probe-error} event (at most one a second per node). A poll of a node that
         * is down, paused or coming back, and a poll that got no answer in time (an {@code
         * IOException}: a node behind a cut or starved of CPU), is expected to fail and fails nothing;
         * an answer the probe could not read fails the run unless the test passes {@code
         * Expect.probeErrors()}.
         */
        void error(String node, Exception error);
    }
}
