package io.faultline.checkers.detection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link DetectionChecker} found in a run: detection per fault and in aggregate, mistakes and
 * accuracy, partition suspicions, and recovery. Durations are {@link Duration}s and instants are
 * nanoseconds on the run's clock; a measure that does not exist (nothing detected, never recovered)
 * is null.
 *
 * @param grace the grace period the run was judged with
 * @param faults every injected fault, in the order given
 * @param detection T_D over every (fault, observer, target) triple that should have noticed
 * @param detectionByKind the same by fault kind, sorted by kind; kinds without detections (latency,
 *     ...) are absent
 * @param mistakes every mistake, by start
 * @param accuracy the accuracy metrics pooled over all (observer, peer) pairs
 * @param accuracyByPair the same per pair, every ordered pair of distinct nodes in node order
 * @param partitionSuspicions suspicions across injected partitions
 */
public record DetectionReport(
        Duration grace,
        List<FaultDetection> faults,
        DetectionStats detection,
        Map<String, DetectionStats> detectionByKind,
        List<Mistake> mistakes,
        Accuracy accuracy,
        List<PairAccuracy> accuracyByPair,
        List<PartitionSuspicion> partitionSuspicions) {

    public DetectionReport {
        faults = List.copyOf(faults);
        detectionByKind = Collections.unmodifiableMap(new LinkedHashMap<>(detectionByKind));
        mistakes = List.copyOf(mistakes);
        accuracyByPair = List.copyOf(accuracyByPair);
        partitionSuspicions = List.copyOf(partitionSuspicions);
    }

    /** The accuracy of {@code observer}'s detector about {@code peer}. */
    public Accuracy accuracy(String observer, String peer) {
        for (PairAccuracy p : accuracyByPair) {
            if (p.observer().equals(observer) && p.peer().equals(peer)) {
                return p.accuracy();
            }
        }
        throw new IllegalArgumentException("no pair " + observer + " → " + peer + " in this run; pairs are ordered"
                + " (observer, peer) of distinct nodes of the timeline");
    }

    /** The fault with this id. */
    public FaultDetection fault(String id) {
        for (FaultDetection f : faults) {
            if (f.fault().id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fault " + id + " in this run");
    }

    /**
     * One line for a log, e.g. {@code detection: 2/2 noticed, T_D p50 400 ms, p99 600 ms, max 600 ms;
     * mistakes: 1 (T_M mean 300 ms, max 300 ms, 0.12/h), P_A 0.99999; partition suspicions: 0; recovery
     * after 1 fault: first ok ≤ 700 ms, full membership ≤ 600 ms}.
     */
    public String summary() {
        StringBuilder s = new StringBuilder("detection: ");
        int should = detection.count() + detection.undetected();
        if (should == 0) {
            s.append("nothing to notice");
        } else {
            s.append(detection.count()).append('/').append(should).append(" noticed");
            if (detection.count() > 0) {
                s.append(", T_D p50 ").append(human(detection.p50())).append(", p99 ").append(human(detection.p99()))
                        .append(", max ").append(human(detection.max()));
            }
        }
        s.append("; mistakes: ").append(accuracy.mistakes());
        if (accuracy.mistakes() > 0) {
            s.append(" (T_M mean ").append(human(accuracy.meanMistakeDuration())).append(", max ")
                    .append(human(accuracy.maxMistakeDuration()))
                    .append(String.format(Locale.ROOT, ", %.2f/h)", accuracy.mistakesPerHour()));
        }
        if (accuracy.queryAccuracy() != null) {
            s.append(String.format(Locale.ROOT, ", P_A %.5f", accuracy.queryAccuracy()));
        }
        s.append("; partition suspicions: ").append(partitionSuspicions.size());
        List<FaultDetection> ended = new ArrayList<>();
        faults.stream().filter(f -> f.fault().end() != null).forEach(ended::add);
        if (!ended.isEmpty()) {
            s.append("; recovery after ").append(ended.size()).append(ended.size() == 1 ? " fault" : " faults")
                    .append(": first ok ").append(worst(ended, FaultDetection::toFirstOk))
                    .append(", full membership ").append(worst(ended, FaultDetection::toFullMembership));
        }
        return s.toString();
    }

    /**
     * The report as indented JSON: the {@code detection.json} of a run directory. Every member is
     * always present, null when the measure does not exist. Instants and durations come twice: as
     * integer nanoseconds ({@code ...Ns}) and as milliseconds for people ({@code ...Ms}, a double).
     *
     * <pre>{@code
     * { "version": 1, "summary": "...", "graceNs", "graceMs",
     *   "detection": {"count", "undetected", "p50Ns", "p50Ms", "p99Ns", "p99Ms", "maxNs", "maxMs"},
     *   "detectionByKind": {"<kind>": {same as detection}},
     *   "faults": [{"id", "kind", "targets": [...], "components": [[...]],
     *               "startNs", "startMs", "endNs", "endMs", "recoveredNs", "recoveredMs",
     *               "detections": [{"observer", "target", "suspectedNs", "suspectedMs",
     *                               "trustedNs", "trustedMs", "detectionNs", "detectionMs"}],
     *               "undetected", "minDetectionNs", "minDetectionMs", "maxDetectionNs", "maxDetectionMs",
     *               "firstOkNs", "firstOkMs", "toFirstOkNs", "toFirstOkMs",
     *               "fullMembershipNs", "fullMembershipMs", "toFullMembershipNs", "toFullMembershipMs"}],
     *   "accuracy": {"mistakes", "observedNs", "observedMs", "meanMistakeNs", "meanMistakeMs",
     *                "maxMistakeNs", "maxMistakeMs", "meanRecurrenceNs", "meanRecurrenceMs",
     *                "mistakesPerHour", "queryAccuracy"},
     *   "accuracyByPair": [{"observer", "peer", and the members of accuracy}],
     *   "mistakes": [{"observer", "peer", "startNs", "startMs", "durationNs", "durationMs", "open", "fault"}],
     *   "partitionSuspicions": [{"fault", "observer", "peer", "startNs", "startMs", "endNs", "endMs"}] }
     * }</pre>
     */
    public String toJson() {
        return DetectionJson.write(this);
    }

    private static String worst(List<FaultDetection> faults, Function<FaultDetection, Duration> of) {
        long never = faults.stream().map(of).filter(Objects::isNull).count();
        Duration longest = faults.stream().map(of).filter(Objects::nonNull).max(Duration::compareTo).orElse(null);
        String s = longest == null ? "never" : "≤ " + human(longest);
        return never > 0 && longest != null ? s + " (never after " + never + ")" : s;
    }

    static String human(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000_000) {
            return nanos / 1_000 + " µs";
        }
        if (nanos < 1_000_000_000) {
            return Math.round(nanos / 1e6) + " ms";
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
