package io.faultline.suites.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of nanosecond samples, exact (nearest rank), and how to print them. */
final class Stats {
    private Stats() {
    }

    static long percentile(long[] samples, double p) {
        if (samples.length == 0) {
            return Long.MIN_VALUE;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long max(long[] samples) {
        return samples.length == 0 ? Long.MIN_VALUE : Arrays.stream(samples).max().getAsLong();
    }

    static long min(long[] samples) {
        return samples.length == 0 ? Long.MIN_VALUE : Arrays.stream(samples).min().getAsLong();
    }

    /** Milliseconds with two decimals; "—" for no samples. */
    static String millis(long nanos) {
        return nanos == Long.MIN_VALUE ? "—" : String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
