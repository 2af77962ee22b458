package io.faultline.checkers.stats;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A percentile of measured durations with a bootstrap confidence interval (Efron's percentile
 * method): resample the measurements with replacement many times, take the percentile of each
 * resample, and report the middle 95 % of those. It assumes nothing about the distribution, which
 * detection and recovery times (bounded below, long right tail) would break. From n samples a p99
 * is essentially the maximum while {@code n < 100}, and its interval says so: it reaches the largest sample.
 *
 * @param quantile which percentile, in (0, 1]
 * @param samples how many measurements
 * @param estimate the percentile of the measurements (nearest rank)
 * @param low the interval's lower end
 * @param high the interval's upper end
 */
public record BootstrapInterval(double quantile, int samples, Duration estimate, Duration low, Duration high) {
    /** Enough resamples that the ends of a 95 % interval move by less than a sample between seeds. */
    public static final int RESAMPLES = 2000;
    public static final double CONFIDENCE = 0.95;

    /** The interval for {@code quantile} of {@code measurements}, resampled from {@code seed} so a table is reproducible. */
    public static BootstrapInterval of(List<Duration> measurements, double quantile, long seed) {
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("no measurements to bootstrap: a cell with no samples has no percentile;"
                    + " leave it out of the table or say it had none");
        }
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], e.g. 0.5 or 0.99; was " + quantile);
        }
        long[] nanos = measurements.stream().mapToLong(Duration::toNanos).sorted().toArray();
        Random random = new Random(seed);
        long[] estimates = new long[RESAMPLES];
        long[] resample = new long[nanos.length];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < resample.length; i++) {
                resample[i] = nanos[random.nextInt(nanos.length)];
            }
            Arrays.sort(resample);
            estimates[b] = nearestRank(resample, quantile);
        }
        Arrays.sort(estimates);
        double tail = (1 - CONFIDENCE) / 2;
        return new BootstrapInterval(quantile, nanos.length, Duration.ofNanos(nearestRank(nanos, quantile)),
                Duration.ofNanos(nearestRank(estimates, tail)), Duration.ofNanos(nearestRank(estimates, 1 - tail)));
    }

    /** {@code 532 ms [518–547]}: the estimate and the 95 % interval, in milliseconds. */
    public String describe() {
        return String.format(Locale.ROOT, "%,d ms [%,d–%,d]", estimate.toMillis(), low.toMillis(), high.toMillis());
    }

    private static long nearestRank(long[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
