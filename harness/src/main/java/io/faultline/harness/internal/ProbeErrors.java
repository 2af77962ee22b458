package io.faultline.harness.internal;

import io.faultline.harness.DetectionProbe;
import io.faultline.harness.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Where detection probes' failed polls go ({@link DetectionProbe.Sink#error}): each becomes a
 * {@code probe-error} event, at most one per {@link #INTERVAL} for each node and expectation, which
 * says how many were left out since the one before. A probe polls every few milliseconds, so a node
 * that is down would otherwise fill the events with one error per poll.
 *
 * <p>A poll of a node that is down, paused or booting, or that came back less than {@link #GRACE}
 * ago, is expected to fail: its event says {@code "expected": true}, and the run's probe check passes
 * over it. So is a poll that got no answer in time ({@link IOException}: a timeout, a refused or
 * reset connection) from a node that is up: a chaos run partitions and loads its nodes, and a node
 * behind a cut or starved of CPU misses a poll's deadline without the probe being wrong (a probe that
 * never gets an answer fails the run's {@code probes-answered} check instead). An answer the probe
 * could not read fails the run unless the test expects it ({@code Expect.probeErrors()}).
 */
final class ProbeErrors {
    /** How long after a node is back its polls may still fail: it may open the port a probe reads after its health check passed. */
    static final Duration GRACE = Duration.ofSeconds(5);
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final LongSupplier clock;
    private final Predicate<String> expected;
    private final Consumer<Event> record;
    private final Map<Key, Episode> episodes = new LinkedHashMap<>();

    private record Key(String node, boolean expected) {
    }

    /** Errors of one node and expectation: when the last was recorded, and what came after it. */
    private static final class Episode {
        long recordedAt;
        int leftOut;
        String lastError;
    }

    /**
     * @param clock the run's clock, in nanoseconds
     * @param expected whether a poll of the named node may fail now
     * @param record where the events go
     */
    ProbeErrors(LongSupplier clock, Predicate<String> expected, Consumer<Event> record) {
        this.clock = clock;
        this.expected = expected;
        this.record = record;
    }

    synchronized void error(String node, Exception error) {
        long now = clock.getAsLong();
        boolean isExpected = expected.test(node) || error instanceof IOException;
        String message = "the detection probe's poll of " + node + " failed: " + error.getClass().getSimpleName() + ": " + error.getMessage();
        Key key = new Key(node, isExpected);
        Episode episode = episodes.get(key);
        if (episode != null && now - episode.recordedAt < INTERVAL.toNanos()) {
            episode.leftOut++;
            episode.lastError = message;
            return;
        }
        int leftOut = episode == null ? 0 : episode.leftOut;
        if (episode == null) {
            episode = new Episode();
            episodes.put(key, episode);
        }
        episode.recordedAt = now;
        episode.leftOut = 0;
        record(now, key, message, leftOut);
    }

    /** Records what was left out since each node's last event, so that the events count every error. */
    synchronized void flush() {
        episodes.forEach((key, episode) -> {
            if (episode.leftOut > 0) {
                // this event stands for the last error left out
                record(clock.getAsLong(), key, episode.lastError, episode.leftOut - 1);
                episode.leftOut = 0;
            }
        });
    }

    private void record(long time, Key key, String error, int leftOut) {
        record.accept(Event.of(time, "probe-error", "probe", "detection", "node", key.node(), "expected", key.expected(),
                "error", error, "left-out", leftOut));
    }
}
