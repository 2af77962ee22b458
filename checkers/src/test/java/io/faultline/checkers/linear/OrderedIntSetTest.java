package io.faultline.checkers.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderedIntSetTest {

    @Test
    void keepsDistinctValuesInTheOrderFirstAddedAcrossClears() {
        OrderedIntSet set = new OrderedIntSet();
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            Set<Integer> expected = new LinkedHashSet<>();
            int adds = random.nextInt(2000);
            for (int i = 0; i < adds; i++) {
                int v = random.nextInt(500);
                expected.add(v);
                set.add(v);
            }
            List<Integer> actual = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                actual.add(set.get(i));
            }
            assertThat(actual).containsExactlyElementsOf(expected);
            set.clear();
            assertThat(set.size()).isZero();
        }
    }

    @Test
    void aSetClearedAfterGrowingLargeForgetsEveryValue() {
        OrderedIntSet set = new OrderedIntSet();
        for (int v = 0; v < 5000; v++) {
            set.add(v);
        }
        set.clear();
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            // A few values into a large table: clear zeroes only their slots.
            Set<Integer> expected = new LinkedHashSet<>();
            for (int i = 0; i < 1 + random.nextInt(20); i++) {
                int v = random.nextInt(5000);
                expected.add(v);
                set.add(v);
            }
            List<Integer> actual = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                actual.add(set.get(i));
            }
            assertThat(actual).as("round %d", round).containsExactlyElementsOf(expected);
            set.clear();
        }
    }
}
