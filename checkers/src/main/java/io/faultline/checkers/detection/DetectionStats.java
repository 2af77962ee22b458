package io.faultline.checkers.detection;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The distribution of detection times T_D over (fault, observer, target) triples. Percentiles come
 * from an HdrHistogram of microseconds with 3 significant digits: each is within 0.1% above the
 * exact value, and never above {@link #max}, which is exact.
 *
 * @param count triples in which the observer noticed the target
 * @param undetected triples in which it never did; they are not in the percentiles
 * @param p50 median T_D, or null when nothing was detected
 * @param p99 99th percentile, or null when nothing was detected
 * @param max longest T_D, or null when nothing was detected
 */
public record DetectionStats(int count, int undetected, Duration p50, Duration p99, Duration max) {
    private static final int SIGNIFICANT_DIGITS = 3;

    static DetectionStats of(List<Detection> detections) {
        Histogram micros = new Histogram(SIGNIFICANT_DIGITS);
        long max = -1;
        int undetected = 0;
        for (Detection d : detections) {
            if (!d.isDetected()) {
                undetected++;
                continue;
            }
            long nanos = d.detectionTime().toNanos();
            micros.recordValue(nanos / 1_000);
            max = Math.max(max, nanos);
        }
        if (max < 0) {
            return new DetectionStats(0, undetected, null, null, null);
        }
        return new DetectionStats((int) micros.getTotalCount(), undetected, percentile(micros, 50, max),
                percentile(micros, 99, max), Duration.ofNanos(max));
    }

    /**
     * HdrHistogram answers with the top of the value's bucket, which may lie above every recorded
     * value; the exact maximum caps it, so that p99 never exceeds max.
     */
    private static Duration percentile(Histogram micros, double percentile, long maxNanos) {
        return Duration.ofNanos(Math.min(micros.getValueAtPercentile(percentile) * 1_000, maxNanos));
    }
}
