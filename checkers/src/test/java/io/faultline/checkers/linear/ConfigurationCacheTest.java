package io.faultline.checkers.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The memo table asks the budget before it allocates: a growth near the end of the heap took seconds
 * of full collections before an OutOfMemoryError, all past the check's deadline (RELIABILITY.md), so
 * a spent budget must stop a growth before it happens.
 */
class ConfigurationCacheTest {
    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void aTableTooLargeForTheMemoryBudgetIsNotAllocated() {
        // 20,000 words per bitset, as a partition of 1.28 million operations has: 80 MB for 512 entries
        Budget budget = new Budget(HOUR, 1 << 20);

        assertThatThrownBy(() -> new ConfigurationCache(budget, 20_000, false))
                .isInstanceOf(Budget.Exhausted.class).hasMessageContaining("memory limit of 1 MiB");
    }

    @Test
    void aTableDoesNotGrowOnceTheBudgetIsSpent() {
        Budget budget = new Budget(HOUR, Long.MAX_VALUE);
        ConfigurationCache cache = new ConfigurationCache(budget, 1, false);
        long[] bits = new long[1];
        for (int state = 0; state < 512; state++) {
            assertThat(cache.add(bits, 0, state, new long[0])).isTrue();
        }
        budget.cancel("time limit exceeded"); // as the deadline passing does

        assertThatThrownBy(() -> cache.add(bits, 0, 512, new long[0]))
                .isInstanceOf(Budget.Exhausted.class).hasMessage("time limit exceeded");
        assertThat(cache.size()).as("entries kept").isEqualTo(512);
    }

    @Test
    void theDeadlineStopsAGrowthWithoutAnyCancellation() throws InterruptedException {
        Budget budget = new Budget(1, Long.MAX_VALUE);
        Thread.sleep(1);

        assertThatThrownBy(() -> new ConfigurationCache(budget, 1, false))
                .isInstanceOf(Budget.Exhausted.class).hasMessage("time limit exceeded");
    }

    @Test
    void aHealthyHeapIsNotNearlyExhausted() {
        assertThat(Budget.heapNearlyExhausted()).isNull();
    }
}
