package io.faultline.suites.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.Invocation;
import io.faultline.harness.Moment;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UniqueWritesTest {
    private static final Moment NOW = new Moment(Duration.ZERO, "faults", Optional.empty());

    @Test
    void everyWriteIsOfAValueNeverWrittenBefore() {
        UniqueWrites writes = UniqueWrites.readingPercent(0);
        Random random = new Random(1);

        assertThat(writes.next(random, 0, NOW)).isEqualTo(Invocation.of("write", 1L));
        assertThat(writes.next(random, 3, NOW)).isEqualTo(Invocation.of("write", 2L));
    }

    @Test
    void readersOnlyReadAndWritersOnlyWriteAlsoWhenRenumbered() {
        UniqueWrites split = UniqueWrites.readersAndWriters(6, 3);
        Random random = new Random(1);

        for (int process : new int[] {0, 2, 6, 14}) {
            assertThat(split.next(random, process, NOW).f()).as("process %d", process).isEqualTo("read");
        }
        for (int process : new int[] {3, 5, 9, 17}) {
            assertThat(split.next(random, process, NOW).f()).as("process %d", process).isEqualTo("write");
        }
    }

    @Test
    void aSplitNeedsBothParts() {
        assertThatThrownBy(() -> UniqueWrites.readersAndWriters(3, 3)).hasMessageContaining("readers must be 1 to processes - 1");
    }
}
