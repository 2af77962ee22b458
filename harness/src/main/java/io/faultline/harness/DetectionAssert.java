package io.faultline.harness;

import io.faultline.checkers.detection.DetectionReport;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractDurationAssert;
import org.assertj.core.api.AbstractIntegerAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions on how a run's failure detection did, after {@link RunAssert#detection()} judged it:
 * detection time per fault and observer, and mistaken suspicions of live peers.
 *
 * <pre>{@code
 * assertThat(result).detection().p99().isLessThan(Duration.ofMillis(1500));
 * assertThat(result).detection().mistakes().isZero();
 * }</pre>
 */
public final class DetectionAssert extends AbstractAssert<DetectionAssert, DetectionReport> {

    DetectionAssert(DetectionReport report) {
        super(report, DetectionAssert.class);
    }

    /** The report itself, for anything the assertions below do not cover. */
    public DetectionReport report() {
        return actual;
    }

    public AbstractDurationAssert<?> p50() {
        return time("p50", actual.detection().p50());
    }

    public AbstractDurationAssert<?> p99() {
        return time("p99", actual.detection().p99());
    }

    public AbstractDurationAssert<?> max() {
        return time("max", actual.detection().max());
    }

    /** How many times an observer suspected a peer that was up and reachable. */
    public AbstractIntegerAssert<?> mistakes() {
        return Assertions.assertThat(actual.mistakes().size()).as("mistaken suspicions: %s", actual.summary());
    }

    /** How many (fault, observer) pairs never noticed the fault. */
    public AbstractIntegerAssert<?> undetected() {
        return Assertions.assertThat(actual.detection().undetected()).as("undetected faults: %s", actual.summary());
    }

    private AbstractDurationAssert<?> time(String what, Duration value) {
        if (value == null) {
            failWithMessage("no fault was detected, so there is no %s detection time: %s", what, actual.summary());
        }
        return Assertions.assertThat(value).as("%s detection time: %s", what, actual.summary());
    }
}
