package io.faultline.reference;

import java.util.ArrayDeque;

/**
 * The phi-accrual detector (Hayashibara et al., as in Akka and Cassandra): phi is how unlikely the
 * current silence is, given the last {@code window} inter-arrival times modelled as a normal
 * distribution; {@code phi = -log10(P(an interval at least this long))}. Suspect when phi exceeds
 * the threshold: 8 means the silence had a one in 10^8 chance under the recent history.
 *
 * <p>Plain phi learns from every interval, the silence of a fault included: after a 2 s pause among
 * 100 ms heartbeats, its window of 100 holds one 2 s gap, the mean grows by a fifth and the deviation
 * from the floor of 25 ms to about 190 ms, so for the next ten seconds a second fault is noticed
 * after about 1.1 s instead of 250 ms, or not at all if it is shorter. {@code resetOnRejoin} is the
 * remedy: the arrival that ends a suspicion does not record the gap and starts the history afresh,
 * as the peer's process or link has just come back (Cassandra's {@code fd_max_interval} drops such
 * gaps for the same reason; Akka's {@code acceptable-heartbeat-pause} only adds a constant to the
 * mean and leaves the inflated deviation, so it does not help here).
 */
final class PhiAccrual implements SuspicionStrategy {
    private final double threshold;
    private final int window;
    private final long expectedIntervalNanos;
    private final boolean resetOnRejoin;
    /**
     * On loopback, heartbeats arrive with almost no jitter; the measured deviation would then be a
     * fraction of a millisecond and phi would shoot past any threshold on the first late heartbeat.
     * A floor of a quarter interval (Akka has a similar {@code min-std-deviation}) keeps it sane.
     */
    private final double minStdDevNanos;
    private final ArrayDeque<Long> intervals = new ArrayDeque<>();
    private double sum;
    private double sumOfSquares;
    private long lastArrival;

    /**
     * The history starts with one interval of {@code expectedIntervalNanos}, so that phi means
     * something before the second heartbeat; {@code startNanos} counts as the first arrival.
     */
    PhiAccrual(double threshold, int window, long expectedIntervalNanos, boolean resetOnRejoin, long startNanos) {
        this.threshold = threshold;
        this.window = window;
        this.expectedIntervalNanos = expectedIntervalNanos;
        this.resetOnRejoin = resetOnRejoin;
        this.minStdDevNanos = expectedIntervalNanos / 4.0;
        this.lastArrival = startNanos;
        record(expectedIntervalNanos);
    }

    @Override
    public void arrival(long nanos) {
        record(nanos - lastArrival);
        lastArrival = nanos;
    }

    @Override
    public void rejoined(long nanos) {
        if (!resetOnRejoin) {
            arrival(nanos);
            return;
        }
        intervals.clear();
        sum = 0;
        sumOfSquares = 0;
        record(expectedIntervalNanos);
        lastArrival = nanos;
    }

    @Override
    public boolean suspects(long nanos) {
        return phi(nanos) > threshold;
    }

    double phi(long nanos) {
        double mean = sum / intervals.size();
        double variance = Math.max(0, sumOfSquares / intervals.size() - mean * mean);
        double stdDev = Math.max(Math.sqrt(variance), minStdDevNanos);
        double y = (nanos - lastArrival - mean) / stdDev;
        // Akka's logistic approximation of the normal distribution's tail: exact enough, and it never
        // returns exactly 0, which would make phi infinite.
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        double pLater = y > 0 ? e / (1.0 + e) : 1.0 - 1.0 / (1.0 + e);
        return -Math.log10(pLater);
    }

    /**
     * What phi is judging by at {@code nanos}: {@code phi=9.1 intervals=100 mean-ms=119 stddev-ms=189
     * p50-ms=100 p99-ms=2012 max-ms=2012 silence-ms=1130}, so that a late suspicion explains itself.
     */
    String describe(long nanos) {
        long[] sorted = intervals.stream().mapToLong(Long::longValue).sorted().toArray();
        double mean = sum / sorted.length;
        double stdDev = Math.sqrt(Math.max(0, sumOfSquares / sorted.length - mean * mean));
        return String.format(java.util.Locale.ROOT,
                "phi=%.1f intervals=%d mean-ms=%.0f stddev-ms=%.0f p50-ms=%.0f p99-ms=%.0f max-ms=%.0f silence-ms=%.0f",
                phi(nanos), sorted.length, mean / 1e6, stdDev / 1e6, percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6, (nanos - lastArrival) / 1e6);
    }

    /** Nearest rank. */
    private static double percentile(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private void record(long interval) {
        intervals.addLast(interval);
        sum += interval;
        sumOfSquares += (double) interval * interval;
        if (intervals.size() > window) {
            long dropped = intervals.removeFirst();
            sum -= dropped;
            sumOfSquares -= (double) dropped * dropped;
        }
    }
}
