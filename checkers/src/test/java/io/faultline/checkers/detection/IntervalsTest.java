package io.faultline.checkers.detection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntervalsTest {

    @Test
    void overlappingAndTouchingIntervalsMergeAndEmptyOnesVanish() {
        Intervals set = new Intervals.Builder().add(5, 8).add(0, 2).add(2, 3).add(7, 10).add(4, 4).build();
        assertThat(set).hasToString("{[0, 3), [5, 10)}");
        assertThat(set.length()).isEqualTo(8);
    }

    @Test
    void containsIsHalfOpen() {
        Intervals set = new Intervals.Builder().add(0, 3).add(5, 10).build();
        assertThat(set.contains(0)).isTrue();
        assertThat(set.contains(3)).isFalse();
        assertThat(set.contains(4)).isFalse();
        assertThat(set.contains(9)).isTrue();
        assertThat(set.contains(-1)).isFalse();
        assertThat(Intervals.EMPTY.contains(0)).isFalse();
    }

    @Test
    void intersectionAndComplementWithinABound() {
        Intervals set = new Intervals.Builder().add(0, 3).add(5, 10).build();
        assertThat(set.intersect(2, 6)).hasToString("{[2, 3), [5, 6)}");
        assertThat(set.lengthWithin(1, 100)).isEqualTo(7);
        assertThat(set.complementWithin(-2, 12)).hasToString("{[-2, 0), [3, 5), [10, 12)}");
        assertThat(set.complementWithin(1, 4)).hasToString("{[3, 4)}");
        assertThat(Intervals.EMPTY.complementWithin(1, 4)).hasToString("{[1, 4)}");
    }

    @Test
    void theEndOfTheSpanHoldingAnInstant() {
        Intervals set = new Intervals.Builder().add(0, 3).add(5, 10).build();
        assertThat(set.endOfSpanAt(1)).isEqualTo(3);
        assertThat(set.endOfSpanAt(3)).isEqualTo(3);
        assertThat(set.endOfSpanAt(4)).isEqualTo(4);
        assertThat(set.endOfSpanAt(5)).isEqualTo(10);
    }
}
