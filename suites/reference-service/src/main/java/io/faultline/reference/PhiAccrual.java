package io.faultline.reference;

import java.util.ArrayDeque;

/**
 * The phi-accrual detector (Hayashibara et al., as in Akka and Cassandra): phi is how unlikely the
 * current silence is, given the last {@code window} inter-arrival times modelled as a normal
 * distribution; {@code phi = -log10(P(an interval at least this long))}. Suspect when phi exceeds
 * the threshold: 8 means the silence had a one in 10^8 chance under the recent history.
 */
final class PhiAccrual implements SuspicionStrategy {
    private final double threshold;
    private final int window;
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
    PhiAccrual(double threshold, int window, long expectedIntervalNanos, long startNanos) {
        this.threshold = threshold;
        this.window = window;
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
