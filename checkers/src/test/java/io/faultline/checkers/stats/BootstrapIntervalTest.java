package io.faultline.checkers.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BootstrapIntervalTest {

    private static List<Duration> millis(int... values) {
        return IntStream.of(values).mapToObj(Duration::ofMillis).toList();
    }

    private static List<Duration> uniform(int n, long seed) {
        Random r = new Random(seed);
        return IntStream.range(0, n).mapToObj(i -> Duration.ofMillis(500 + r.nextInt(100))).toList();
    }

    @Test
    void theEstimateIsTheNearestRankPercentileAndTheIntervalContainsIt() {
        BootstrapInterval p50 = BootstrapInterval.of(millis(5, 1, 4, 2, 3), 0.5, 1);
        assertThat(p50.estimate()).isEqualTo(Duration.ofMillis(3));
        assertThat(p50.samples()).isEqualTo(5);
        assertThat(p50.low()).isLessThanOrEqualTo(p50.estimate());
        assertThat(p50.high()).isGreaterThanOrEqualTo(p50.estimate());
        assertThat(p50.low()).isGreaterThanOrEqualTo(Duration.ofMillis(1));
        assertThat(p50.high()).isLessThanOrEqualTo(Duration.ofMillis(5));
    }

    @Test
    void identicalMeasurementsGiveAnIntervalOfNoWidth() {
        BootstrapInterval p99 = BootstrapInterval.of(millis(7, 7, 7, 7), 0.99, 1);
        assertThat(p99.low()).isEqualTo(p99.high()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void moreSamplesNarrowTheInterval() {
        BootstrapInterval few = BootstrapInterval.of(uniform(10, 3), 0.5, 1);
        BootstrapInterval many = BootstrapInterval.of(uniform(1000, 3), 0.5, 1);
        assertThat(many.high().minus(many.low())).isLessThan(few.high().minus(few.low()));
        // The true median of 500 + U[0, 100) ms is 550 ms.
        assertThat(many.low()).isLessThanOrEqualTo(Duration.ofMillis(550));
        assertThat(many.high()).isGreaterThanOrEqualTo(Duration.ofMillis(549));
    }

    @Test
    void aP99FromFewSamplesReachesTheLargestOne() {
        List<Duration> thirty = uniform(29, 5);
        List<Duration> withOutlier = new java.util.ArrayList<>(thirty);
        withOutlier.add(Duration.ofMillis(2000));
        BootstrapInterval p99 = BootstrapInterval.of(withOutlier, 0.99, 1);
        assertThat(p99.estimate()).isEqualTo(Duration.ofMillis(2000));
        assertThat(p99.high()).isEqualTo(Duration.ofMillis(2000));
        assertThat(p99.low()).as("a resample without the outlier happens about a third of the time")
                .isLessThan(Duration.ofMillis(600));
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        assertThat(BootstrapInterval.of(uniform(30, 9), 0.5, 42)).isEqualTo(BootstrapInterval.of(uniform(30, 9), 0.5, 42));
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> BootstrapInterval.of(List.of(), 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no measurements");
        assertThatThrownBy(() -> BootstrapInterval.of(millis(1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> BootstrapInterval.of(millis(1), 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 1.5");
    }

    @Test
    void describeGivesTheEstimateAndItsInterval() {
        assertThat(BootstrapInterval.of(millis(7, 7), 0.5, 1).describe()).isEqualTo("7 ms [7–7]");
    }
}
