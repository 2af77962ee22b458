package io.faultline.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failed probe polls on a hand-driven clock: one event a second per node and expectation, the rest counted. */
class ProbeErrorsTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong();
    private final Set<String> down = new HashSet<>();
    private final List<Event> events = new ArrayList<>();
    private final ProbeErrors errors = new ProbeErrors(now::get, down::contains, events::add);

    @Test
    void aNodeFailingEveryPollGetsAnEventASecondEachCountingThoseLeftOut() {
        for (int i = 0; i < 2_500; i++) { // a poll every ms for 2.5 s
            now.set(i * MS);
            errors.error("n1", new IllegalArgumentException("garbled"));
        }
        errors.flush();

        assertThat(events).extracting(Event::time).containsExactly(0L, 1_000 * MS, 2_000 * MS, 2_499 * MS);
        assertThat(events).extracting(e -> e.fields().get("left-out")).containsExactly(0, 999, 999, 498);
        int counted = events.stream().mapToInt(e -> 1 + (int) e.fields().get("left-out")).sum();
        assertThat(counted).as("every error counted once").isEqualTo(2_500);
        assertThat(events.get(0).fields()).containsEntry("node", "n1").containsEntry("expected", false)
                .containsEntry("error", "the detection probe's poll of n1 failed: IllegalArgumentException: garbled");
    }

    @Test
    void aNodeThatIsDownFailsExpectedlyApartFromTheErrorsOfNodesThatAreUp() {
        down.add("n2");
        errors.error("n2", new IllegalArgumentException("garbled"));
        errors.error("n1", new IllegalArgumentException("garbled"));
        down.remove("n2");
        now.set(10 * MS);
        errors.error("n2", new IllegalArgumentException("garbled while up"));

        assertThat(events).extracting(e -> e.fields().get("node") + " " + e.fields().get("expected"))
                .containsExactly("n2 true", "n1 false", "n2 false");
    }

    /** A CI run failed on one poll of an up ZooKeeper node that timed out under load: not the probe's fault. */
    @Test
    void anUpNodeThatDoesNotAnswerInTimeIsExpectedAnAnswerThatCannotBeReadIsNot() {
        errors.error("n1", new java.net.SocketTimeoutException("Read timed out"));
        errors.error("n2", new IllegalArgumentException("cannot read 'Mode: ???'"));

        assertThat(events).extracting(e -> e.fields().get("node") + " " + e.fields().get("expected"))
                .containsExactly("n1 true", "n2 false");
    }

    @Test
    void nothingLeftOutNothingFlushed() {
        errors.error("n1", new IOException("refused"));
        errors.flush();

        assertThat(events).hasSize(1);
    }
}
