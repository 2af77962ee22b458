package io.faultline.checkers.detection;

import java.time.Duration;
import java.util.List;

/**
 * How often a detector was wrong, as Chen, Toueg and Aguilera measure it ("On the Quality of Service
 * of Failure Detectors", IEEE TC 2002), over fault-free observation time only: the time during which
 * the peer was up and reachable from the observer, the observer itself was up, and no fault's
 * grace period was running. For one (observer, peer) pair, or pooled over all pairs.
 *
 * @param mistakes how many mistakes
 * @param observed fault-free observation time; pooled, the sum over pairs
 * @param meanMistakeDuration T_M: the mean length of a mistake; null without mistakes
 * @param maxMistakeDuration the longest mistake; null without mistakes
 * @param meanRecurrence T_MR: the mean fault-free time from the start of one mistake of a pair to
 *     the start of its next; pooled, the mean over all such gaps of all pairs; null when no pair made
 *     two mistakes
 * @param mistakesPerHour λ_M: mistakes per hour of fault-free observation; pooled, all mistakes over
 *     the summed observation time, i.e. the rate of a typical pair; null when nothing was observed
 * @param queryAccuracy P_A: the fraction of fault-free observation time during which the observer
 *     trusted the peer; null when nothing was observed
 */
public record Accuracy(
        int mistakes,
        Duration observed,
        Duration meanMistakeDuration,
        Duration maxMistakeDuration,
        Duration meanRecurrence,
        Double mistakesPerHour,
        Double queryAccuracy) {
    private static final double NANOS_PER_HOUR = 3_600e9;

    /**
     * @param observedNanos fault-free observation time
     * @param durations each mistake's length in nanoseconds
     * @param recurrences the fault-free nanoseconds between the starts of consecutive mistakes of a pair
     */
    static Accuracy of(long observedNanos, List<Long> durations, List<Long> recurrences) {
        long suspected = durations.stream().mapToLong(Long::longValue).sum();
        long longest = durations.stream().mapToLong(Long::longValue).max().orElse(0);
        boolean observed = observedNanos > 0;
        return new Accuracy(
                durations.size(),
                Duration.ofNanos(observedNanos),
                durations.isEmpty() ? null : Duration.ofNanos(mean(suspected, durations.size())),
                durations.isEmpty() ? null : Duration.ofNanos(longest),
                recurrences.isEmpty() ? null
                        : Duration.ofNanos(mean(recurrences.stream().mapToLong(Long::longValue).sum(), recurrences.size())),
                observed ? durations.size() * NANOS_PER_HOUR / observedNanos : null,
                observed ? 1.0 - (double) suspected / observedNanos : null);
    }

    private static long mean(long sum, int count) {
        return Math.round((double) sum / count);
    }
}
