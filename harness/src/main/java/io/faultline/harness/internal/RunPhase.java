package io.faultline.harness.internal;

import io.faultline.harness.Moment;
import io.faultline.harness.RunClock;
import java.time.Duration;
import java.util.Optional;

/** What the schedule runner tells the workload's generator: the phase, and since when a fault has been in place. */
final class RunPhase {
    private final RunClock clock;
    private volatile String phase = "warm-up";
    /** Run-clock nanoseconds when the latest fault still in effect was in place, or -1. */
    private volatile long faultInPlace = -1;

    RunPhase(RunClock clock) {
        this.clock = clock;
    }

    void set(String name) {
        phase = name;
    }

    void faultInPlace(long nanos) {
        faultInPlace = nanos;
    }

    void noFault() {
        faultInPlace = -1;
    }

    Moment now() {
        long nanos = clock.nanos();
        long since = faultInPlace;
        return new Moment(Duration.ofNanos(nanos), phase, since < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos - since)));
    }
}
