package io.faultline.harness.internal;

import io.faultline.checkers.history.History;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.CheckResult;
import io.faultline.harness.Checker;
import io.faultline.harness.Checkers;
import io.faultline.harness.Expect;
import io.faultline.harness.Cluster;
import io.faultline.harness.DetectionProbe;
import io.faultline.harness.Event;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.RunClock;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.KernelPartitions;
import io.faultline.harness.backend.KernelPartitions.Cut;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The run {@link ChaosRunStarter} hands out, and everything to take down at its close — the probes,
 * the backend with all it started, and the recorder. It exists before the cluster boots, so that a
 * boot that fails is taken down the same way.
 */
final class RunningChaosRun implements ChaosRun {
    private final Recorder recorder;
    private final long seed;
    private final Path directory;
    private final String rerunCommand;
    private final List<DetectionProbe> probes = new ArrayList<>();
    private Backend backend;
    private Cluster cluster;
    private Duration bootTime;
    private ScheduleRunner schedule;
    private ProbeErrors probeErrors;
    private boolean closed;

    RunningChaosRun(Recorder recorder, long seed, Path directory, String rerunCommand) {
        this.recorder = recorder;
        this.seed = seed;
        this.directory = directory;
        this.rerunCommand = rerunCommand;
    }

    void backend(Backend chosen) {
        this.backend = chosen;
    }

    void booted(Cluster bootedCluster, Duration took) {
        this.cluster = bootedCluster;
        this.bootTime = took;
    }

    /**
     * Each probe's reports become suspect / trust events on the run's clock, and its failed polls
     * {@code probe-error} events, expected while the node polled is not up (see {@link ProbeErrors}).
     */
    void startProbes(List<java.util.function.Supplier<? extends DetectionProbe>> detectionProbes) throws Exception {
        probeErrors = new ProbeErrors(recorder.clock()::nanos, this::mayFailToAnswer, recorder::event);
        DetectionProbe.Sink sink = new DetectionProbe.Sink() {
            @Override
            public void suspect(String observer, String peer, long time) {
                recorder.event(Event.of(time, "suspect", "observer", observer, "peer", peer));
            }

            @Override
            public void trust(String observer, String peer, long time) {
                recorder.event(Event.of(time, "trust", "observer", observer, "peer", peer));
            }

            @Override
            public void error(String node, Exception error) {
                probeErrors.error(node, error);
            }
        };
        for (java.util.function.Supplier<? extends DetectionProbe> factory : detectionProbes) {
            DetectionProbe probe = factory.get();
            probe.start(cluster, recorder.clock(), sink);
            probes.add(probe);
        }
    }

    /** A node that is not up, or came back less than {@link ProbeErrors#GRACE} ago; a name the cluster lacks is no excuse. */
    private boolean mayFailToAnswer(String node) {
        if (!cluster.spec().nodeNames().contains(node)) {
            return false;
        }
        return cluster.node(node) instanceof RunningNode running
                && !running.upFor(ProbeErrors.GRACE.toNanos(), recorder.clock().nanos());
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
        return cluster;
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
        return seed;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public String rerunCommand() {
        return rerunCommand;
    }

    @Override
    public History history() {
        return recorder.history();
    }

    @Override
    public List<Event> events() {
        return recorder.events();
    }

    @Override
    public RunResult execute(Workload workload, Schedule plan, Expect... relaxed) {
        plan.requireMakeableIn(cluster.spec().networkMode());
        RunPhase phase = new RunPhase(recorder.clock());
        WorkloadRunner clients = new WorkloadRunner(cluster, workload, recorder, seed, phase);
        schedule = new ScheduleRunner(this, recorder, seed, phase);
        boolean finalReads = false;
        clients.start();
        try {
            finalReads = schedule.run(plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the run was interrupted; its record so far is in " + directory, e);
        } catch (Exception e) {
            throw new IllegalStateException("the schedule failed: " + e.getMessage() + "; the record is in " + directory, e);
        } finally {
            schedule.tearDown();
            try {
                clients.stop(finalReads);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        recordKernelCuts();
        requireTrafficThroughProxies();
        RunResult result = new RunResult(cluster.spec().nodeNames(), recorder.history(), recorder.events(), directory, seed,
                rerunCommand);
        CheckResult checks = Checker.safely(Checkers.runMustProveSomething(List.of(relaxed)), result);
        try {
            Files.writeString(directory.resolve("checks.json"), checks.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checks.json into the run directory " + directory, e);
        }
        if (!checks.isValid()) {
            throw new AssertionError("the run proved nothing it was meant to: " + String.join("; ", checks.problems())
                    + "\n  checks: " + directory.resolve("checks.json"));
        }
        return result;
    }

    /**
     * In {@link NetworkMode#KERNEL} mode, what the backend's packet filters dropped on each link the
     * run cut, as one {@code kernel-cuts} event: the evidence {@link Checkers#cutsDropped} judges, for
     * a cut that dropped nothing at all did not come between nodes that talk all the time.
     */
    private void recordKernelCuts() {
        if (!(backend instanceof KernelPartitions kernel) || cluster.spec().networkMode() != NetworkMode.KERNEL) {
            return;
        }
        List<Map<String, Object>> links = kernel.droppedPackets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Cut::from).thenComparing(Cut::to)))
                .<Map<String, Object>>map(link -> Map.of("from", link.getKey().from(), "to", link.getKey().to(),
                        "dropped-packets", link.getValue()))
                .toList();
        recorder.event("kernel-cuts", "links", links);
    }

    /**
     * In {@link NetworkMode#PROXIED} mode a cut is a proxy's, so node-to-node traffic must all run
     * through the proxies: a connection from one node straight to another means the run's partitions
     * did not partition, and the run fails rather than pass on faults that never happened.
     */
    private void requireTrafficThroughProxies() {
        if (backend == null || cluster.spec().networkMode() != NetworkMode.PROXIED) {
            return; // a cluster of the harness's own tests, with no backend, has no TCP table to read
        }
        List<String> direct = backend.directConnections().stream().distinct().sorted().toList();
        if (direct.isEmpty()) {
            return;
        }
        try {
            Files.write(directory.resolve("direct-connections.txt"), direct);
        } catch (IOException e) {
            // the message below says it all
        }
        throw new IllegalStateException("cluster " + cluster.spec().name() + " runs in PROXIED network mode, yet its nodes talk"
                + " to each other directly, past the proxies that cut its links: " + String.join("; ", direct.subList(0, Math.min(6, direct.size())))
                + (direct.size() > 6 ? " and " + (direct.size() - 6) + " more" : "")
                + ". The target most likely dials the address each peer advertises (its bind or public address) rather than"
                + " the peer address Faultline rendered into its configuration, so this run's partitions did not partition it."
                + " Run it with ClusterSpec.withNetworkMode(NetworkMode.KERNEL), which cuts links in the kernel. All of them are in "
                + directory.resolve("direct-connections.txt"));
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
            if (probeErrors != null) {
                probeErrors.flush();
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
