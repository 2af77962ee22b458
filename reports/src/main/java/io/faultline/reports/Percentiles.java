package io.faultline.reports;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of nanoseconds, as the report's tables and charts give them. */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] values, int length) {
        this.sorted = Arrays.copyOf(values, length);
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code q}-quantile (0 < q <= 1), or -1 for an empty sample. */
    long at(double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
