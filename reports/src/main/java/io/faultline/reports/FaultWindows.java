package io.faultline.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Client-visible performance before, during and after each fault: throughput, availability and p99
 * latency of the operations invoked in each window. "Before" and "after" are as long as the fault
 * (at least a second), so that the three windows weigh alike.
 */
final class FaultWindows {
    private static final long MIN_WINDOW = 1_000_000_000L;

    /** One window's figures; latency -1 when no operation succeeded in it. */
    record Window(long from, long to, int ok, int fail, int info, long p99) {
        double opsPerSecond() {
            return to > from ? ok * 1e9 / (to - from) : 0;
        }

        /** Successful operations among those invoked in the window, or -1 when none were invoked. */
        double availability() {
            int all = ok + fail + info;
            return all == 0 ? -1 : (double) ok / all;
        }
    }

    record Row(RunTimeline.Fault fault, Window before, Window during, Window after) {
        /** e.g. "p99 +340 ms during partition-halves #3", or null when either window has no latency. */
        String headline() {
            if (during.p99() < 0 || before.p99() < 0) {
                return during.ok() == 0 && before.ok() > 0
                        ? "no operation succeeded during " + fault.kind() + " #" + fault.id() : null;
            }
            long delta = (during.p99() - before.p99()) / 1_000_000;
            return String.format(Locale.ROOT, "p99 %s%d ms during %s #%s", delta >= 0 ? "+" : "", delta,
                    fault.kind(), fault.id());
        }
    }

    private FaultWindows() {
    }

    static List<Row> of(RunTimeline t) {
        List<Row> rows = new ArrayList<>();
        long runEnd = t.runEnd();
        for (RunTimeline.Fault fault : t.faults) {
            long start = fault.start();
            long end = Math.max(start + 1, fault.endOr(runEnd));
            long length = Math.max(MIN_WINDOW, end - start);
            rows.add(new Row(fault, window(t, Math.max(0, start - length), start), window(t, start, end),
                    window(t, end, Math.min(runEnd, end + length))));
        }
        return rows;
    }

    static Window window(RunTimeline t, long from, long to) {
        int ok = 0;
        int fail = 0;
        int info = 0;
        long[] latencies = new long[64];
        for (int i = lowerBound(t.start, t.count, from); i < t.count && t.start[i] < to; i++) {
            switch (t.type[i]) {
                case RunTimeline.OK -> {
                    if (ok == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, ok * 2);
                    }
                    latencies[ok++] = t.end[i] - t.start[i];
                }
                case RunTimeline.FAIL -> fail++;
                default -> info++;
            }
        }
        return new Window(from, to, ok, fail, info, new Percentiles(latencies, ok).at(0.99));
    }

    /** The first operation invoked at or after {@code time}; invocations are in time order. */
    static int lowerBound(long[] starts, int count, long time) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
