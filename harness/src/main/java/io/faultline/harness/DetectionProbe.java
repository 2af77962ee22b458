package io.faultline.harness;

/**
 * Reports, per observer node, when it starts and stops suspecting each peer. The harness starts a
 * cluster's probes once it is ready and stops them at teardown; every report becomes a
 * {@code suspect} or {@code trust} event on the run's clock, which the detection checker judges
 * against the injected faults.
 */
public interface DetectionProbe {

    /** Starts watching {@code cluster}, reporting to {@code sink} until {@link #stop()}. */
    void start(Cluster cluster, RunClock clock, Sink sink) throws Exception;

    void stop();

    /** Where a probe reports. Times are nanoseconds on the run's clock. */
    interface Sink {
        void suspect(String observer, String peer, long time);

        void trust(String observer, String peer, long time);
    }
}
