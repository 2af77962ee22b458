package io.faultline.harness;

import java.time.Duration;
import java.util.Objects;

/**
 * Concurrent clients and what they do. {@code processes} logical processes run at once, each one
 * operation at a time. Closed-loop by default (a process invokes its next operation as soon as the
 * last completes); with {@link #withRate} operations start on a fixed timetable instead, whether or
 * not earlier ones have answered, so a stalled cluster shows up as latency rather than as fewer
 * operations (no coordinated omission).
 *
 * @param clients opens a client per process
 * @param generator the next operation of a process
 * @param finalRead the operation each process performs in the final-reads phase, or null
 * @param processes how many logical processes run at once
 * @param opsPerSecond the open-loop rate over all processes, or 0 for closed-loop
 * @param opTimeout after this long an operation is recorded {@code :info}
 */
public record Workload(
        Client.Factory clients,
        Generator generator,
        Invocation finalRead,
        int processes,
        double opsPerSecond,
        Duration opTimeout) {

    public Workload {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(generator, "generator");
        if (processes < 1) {
            throw new IllegalArgumentException("a workload needs at least one process, got " + processes);
        }
        if (opsPerSecond < 0) {
            throw new IllegalArgumentException("a rate must be positive (or 0 for closed-loop), got " + opsPerSecond);
        }
    }

    /** Five closed-loop processes, five-second operation timeout, no final read. */
    public static Workload of(Client.Factory clients, Generator generator) {
        return new Workload(clients, generator, null, 5, 0, Duration.ofSeconds(5));
    }

    public Workload withProcesses(int n) {
        return new Workload(clients, generator, finalRead, n, opsPerSecond, opTimeout);
    }

    /** Open-loop at this many operations per second over all processes. */
    public Workload withRate(double perSecond) {
        return new Workload(clients, generator, finalRead, processes, perSecond, opTimeout);
    }

    public Workload withOpTimeout(Duration timeout) {
        return new Workload(clients, generator, finalRead, processes, opsPerSecond, timeout);
    }

    public Workload withFinalRead(Invocation read) {
        return new Workload(clients, generator, read, processes, opsPerSecond, opTimeout);
    }
}
