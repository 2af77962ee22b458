package io.faultline.harness;

import io.faultline.harness.backend.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ChaosRuns#start} hands out: the run, and everything to take down at its close — the
 * probes, the backend with all it started, and the recorder. It is created before the cluster
 * boots, so that a boot that fails is taken down the same way.
 */
final class StartedChaosRun implements ChaosRunHandle {
    private final Recorder recorder;
    private final List<DetectionProbe> probes = new ArrayList<>();
    private Backend backend;
    private DefaultChaosRun run;
    private Duration bootTime;
    private boolean closed;

    StartedChaosRun(Recorder recorder) {
        this.recorder = recorder;
    }

    void backend(Backend chosen) {
        this.backend = chosen;
    }

    void booted(DefaultChaosRun booted, Duration took) {
        this.run = booted;
        this.bootTime = took;
    }

    /** Each probe's reports become suspect / trust events on the run's clock. */
    void startProbes(List<DetectionProbe> detectionProbes) throws Exception {
        DetectionProbe.Sink sink = new DetectionProbe.Sink() {
            @Override
            public void suspect(String observer, String peer, long time) {
                recorder.event(Event.of(time, "suspect", "observer", observer, "peer", peer));
            }

            @Override
            public void trust(String observer, String peer, long time) {
                recorder.event(Event.of(time, "trust", "observer", observer, "peer", peer));
            }
        };
        for (DetectionProbe probe : detectionProbes) {
            probe.start(run.cluster(), recorder.clock(), sink);
            probes.add(probe);
        }
    }

    /** Client operations recorded so far. */
    int operations() {
        return recorder.history().size();
    }

    /** Faults injected so far. */
    long faults() {
        return recorder.events().stream().filter(e -> e.type().equals("fault-start")).count();
    }

    @Override
    public String backend() {
        return backend.name();
    }

    @Override
    public Duration bootTime() {
        return bootTime;
    }

    @Override
    public Cluster cluster() {
        return run.cluster();
    }

    @Override
    public RunClock clock() {
        return recorder.clock();
    }

    @Override
    public void record(Event event) {
        recorder.event(event);
    }

    @Override
    public long seed() {
        return run.seed();
    }

    @Override
    public Path directory() {
        return run.directory();
    }

    @Override
    public String rerunCommand() {
        return run.rerunCommand();
    }

    @Override
    public RunResult execute(Workload workload, Schedule schedule) {
        return run.execute(workload, schedule);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (DetectionProbe probe : probes) {
                probe.stop();
            }
            recorder.event("phase", "phase", "teardown");
        } finally {
            try {
                if (backend != null) {
                    backend.close();
                }
            } finally {
                try {
                    recorder.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write the run's history.edn: " + e.getMessage(), e);
                }
            }
        }
    }
}
