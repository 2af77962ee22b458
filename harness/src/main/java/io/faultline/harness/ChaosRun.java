package io.faultline.harness;

import java.nio.file.Path;

/**
 * One chaos test's run, injected into the test method (or started with {@link ChaosRuns#start}): the
 * booted cluster, its seed and clock, and the directory that keeps the evidence.
 */
public interface ChaosRun extends ChaosContext {

    /** The seed that fixes the schedule's draws. */
    long seed();

    /** The run directory: for a chaos test {@code target/faultline/<TestClass>/<method>/<timestamp>/}. */
    Path directory();

    /** Runs the workload under the schedule, records everything, and returns what happened. */
    RunResult execute(Workload workload, Schedule schedule);

    /** The command that replays this run's schedule. */
    String rerunCommand();
}
