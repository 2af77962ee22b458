package io.faultline.harness;

import java.time.Instant;

/**
 * The one clock of a run. Every operation, fault, node event and suspicion is stamped with
 * nanoseconds since the run began, read from {@link System#nanoTime()} (CLOCK_MONOTONIC, shared by
 * every process on this host), plus the wall time for humans.
 */
public final class RunClock {
    private final long originNanos;
    private final Instant originWall;

    private RunClock(long originNanos, Instant originWall) {
        this.originNanos = originNanos;
        this.originWall = originWall;
    }

    /** A clock whose zero is now. */
    public static RunClock start() {
        return new RunClock(System.nanoTime(), Instant.now());
    }

    /** Nanoseconds since the run began. */
    public long nanos() {
        return System.nanoTime() - originNanos;
    }

    /** The raw {@code System.nanoTime()} of the run's zero: other JVMs on this host may stamp events with it. */
    public long originNanoTime() {
        return originNanos;
    }

    /** The wall time of a run timestamp, for people reading the record. */
    public Instant wall(long runNanos) {
        return originWall.plusNanos(runNanos);
    }
}
