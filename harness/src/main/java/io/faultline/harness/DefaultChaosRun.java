package io.faultline.harness;

import java.nio.file.Path;

/** The run a chaos test receives: a booted cluster, its recorder, and the schedule and workload runners. */
final class DefaultChaosRun implements ChaosRun {
    private final Cluster cluster;
    private final Recorder recorder;
    private final long seed;
    private final Path directory;
    private final String rerunCommand;
    private ScheduleRunner schedule;

    DefaultChaosRun(Cluster cluster, Recorder recorder, long seed, Path directory, String rerunCommand) {
        this.cluster = cluster;
        this.recorder = recorder;
        this.seed = seed;
        this.directory = directory;
        this.rerunCommand = rerunCommand;
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
    public RunResult execute(Workload workload, Schedule plan) {
        WorkloadRunner clients = new WorkloadRunner(cluster, workload, recorder, seed);
        schedule = new ScheduleRunner(this, recorder, seed);
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
        return new RunResult(cluster.spec().nodeNames(), recorder.history(), recorder.events(), directory, seed,
                rerunCommand);
    }

    /** Heals whatever the schedule left broken, so that teardown finds every node up. */
    void heal() {
        if (schedule != null) {
            schedule.heal();
        }
    }
}
