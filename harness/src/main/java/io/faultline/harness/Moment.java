package io.faultline.harness;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a run is when a {@link Generator} draws an operation.
 *
 * @param elapsed time on the run's clock
 * @param phase the schedule's current phase: {@code warm-up}, {@code faults}, {@code heal},
 *     {@code recovery}, {@code final-reads}
 * @param faultInPlaceFor how long the most recently injected fault still in effect has been in place
 *     (since its injection returned, not since it began: cutting link after link takes time); empty
 *     when no fault is in effect
 */
public record Moment(Duration elapsed, String phase, Optional<Duration> faultInPlaceFor) {

    /** Whether a fault is in effect and has been in place at least {@code length}. */
    public boolean faultInPlaceAtLeast(Duration length) {
        return faultInPlaceFor.filter(d -> d.compareTo(length) >= 0).isPresent();
    }
}
