package io.faultline.checkers.detection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges failure detection in a chaos run: how fast the nodes' detectors noticed each injected
 * fault, how often they suspected a peer that was fine, and how long service and membership took
 * to come back — the quality-of-service metrics of Chen, Toueg and Aguilera ("On the Quality of
 * Service of Failure Detectors", IEEE TC 2002), adapted to faults that end.
 *
 * <p><b>Really unreachable.</b> A peer is really unreachable from an observer while a kill, pause or
 * restart has stopped it (from injection until it is back: {@code recovered} when given, else the
 * fault's end), and while a partition puts the two in different components (until the heal). Other
 * faults — latency, bandwidth, dropped connections — leave every node reachable: a suspicion under
 * them is a mistake, which is what the latency suites measure.
 *
 * <p><b>Grace period</b> (default 2 s). Restoring trust takes time: heartbeats must flow again and
 * timeouts expire. For the grace period after a peer is back (or a partition is healed), the pair's
 * suspicions — whether they persist or start anew — are attributed to the fault, neither right nor
 * mistakes. The same holds while the observer itself is stopped and for the grace period after it
 * is back, since a frozen or restarting detector has no view yet. A suspicion that outlasts the
 * grace period becomes a mistake from the grace period's end.
 *
 * <p><b>Detection.</b> For each fault that stops nodes or partitions them, each observer that should
 * notice a target (see {@link FaultDetection#detections}) detects it at its first suspicion of the
 * target from the injection until the fault's end plus the grace period. T_D is that moment less the
 * injection. Chen et al. measure T_D to the start of the suspicion that lasts; our faults end, so no
 * suspicion need last, and the first one counts. A suspicion already held at the injection is
 * detection at once (T_D = 0), as it would be for them.
 *
 * <p><b>Mistakes.</b> A pair is under fault-free observation when the peer is not really unreachable
 * from the observer, the observer is not stopped, and no grace period of either runs. Each stretch of
 * a suspicion within fault-free observation is a {@link Mistake}; {@link Accuracy} has the metrics.
 * Suspicions between nodes a partition separates, during it or its grace period, are {@link
 * PartitionSuspicion partition suspicions}: neither mistakes nor, in the reverse direction,
 * detections.
 *
 * <p><b>Recovery.</b> From a fault's end (restart, resume or heal issued) to the first ok client
 * operation after it, and to full membership: the first moment from then on at which no node
 * suspects another across the fault (see {@link FaultDetection}).
 *
 * <pre>{@code
 * DetectionReport report = DetectionChecker.create().withGrace(Duration.ofSeconds(3)).check(timeline);
 * Files.writeString(runDir.resolve("detection.json"), report.toJson());
 * }</pre>
 */
public final class DetectionChecker {
    private final Duration grace;

    private DetectionChecker(Duration grace) {
        this.grace = grace;
    }

    /** A grace period of 2 s. */
    public static DetectionChecker create() {
        return new DetectionChecker(Duration.ofSeconds(2));
    }

    /** How long after a fault ends its pairs' suspicions are still attributed to it. */
    public DetectionChecker withGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period must be zero or more, got " + grace);
        }
        return new DetectionChecker(grace);
    }

    public Duration grace() {
        return grace;
    }

    public DetectionReport check(Timeline timeline) {
        FaultFreeTime faultFree = new FaultFreeTime(timeline, grace.toNanos());
        SuspicionsByPair suspicions = new SuspicionsByPair(timeline.suspicions());
        List<Long> ok = new ArrayList<>(timeline.okCompletions());
        ok.sort(Comparator.naturalOrder());

        List<FaultDetection> faults = new ArrayList<>();
        List<Detection> all = new ArrayList<>();
        Map<String, List<Detection>> byKind = new TreeMap<>();
        List<PartitionSuspicion> partitionSuspicions = new ArrayList<>();
        for (InjectedFault f : timeline.faults()) {
            long windowEnd = Math.min(faultFree.plusGrace(f.backAt(timeline.end())), timeline.end());
            List<Detection> detections = detections(f, windowEnd, timeline, suspicions);
            faults.add(new FaultDetection(f, detections, minDetection(detections), maxDetection(detections),
                    firstOkAfter(f, ok), fullMembershipAfter(f, timeline, suspicions)));
            all.addAll(detections);
            if (!detections.isEmpty()) {
                byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).addAll(detections);
            }
            partitionSuspicions.addAll(partitionSuspicions(f, windowEnd, timeline, suspicions));
        }
        Map<String, DetectionStats> statsByKind = new TreeMap<>();
        byKind.forEach((kind, ds) -> statsByKind.put(kind, DetectionStats.of(ds)));

        Mistakes mistakes = Mistakes.judge(timeline, faultFree, suspicions);
        return new DetectionReport(grace, faults, DetectionStats.of(all), statsByKind, mistakes.all(),
                mistakes.pooled(), mistakes.byPair(), partitionSuspicions);
    }

    /** Whether a suspicion is held at {@code from} or starts in {@code [from, to)}. */
    private static boolean within(Suspicion s, long from, long to) {
        return s.start() < from ? s.endOr(Long.MAX_VALUE) > from : s.start() < to;
    }

    private static List<Detection> detections(InjectedFault f, long windowEnd, Timeline timeline,
            SuspicionsByPair suspicions) {
        List<Detection> out = new ArrayList<>();
        if (f.effect() == Effect.DEGRADE) {
            return out;
        }
        for (String observer : timeline.nodes()) {
            for (String target : f.targets()) {
                boolean shouldNotice = f.effect() == Effect.STOP
                        ? !f.targets().contains(observer)
                        : f.separates(observer, target);
                if (shouldNotice) {
                    out.add(detection(f, observer, target, windowEnd, suspicions.of(observer, target)));
                }
            }
        }
        return out;
    }

    private static Detection detection(InjectedFault f, String observer, String target, long windowEnd,
            List<Suspicion> suspicions) {
        Suspicion first = null;
        Suspicion last = null;
        for (Suspicion s : suspicions) {
            if (within(s, f.start(), windowEnd)) {
                first = first == null ? s : first;
                last = s;
            }
        }
        if (first == null) {
            return new Detection(observer, target, null, null, null);
        }
        long suspectedAt = Math.max(first.start(), f.start());
        return new Detection(observer, target, suspectedAt, last.end(), Duration.ofNanos(suspectedAt - f.start()));
    }

    private static Duration minDetection(List<Detection> detections) {
        return detections.stream().filter(Detection::isDetected).map(Detection::detectionTime)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    private static Duration maxDetection(List<Detection> detections) {
        if (detections.isEmpty() || detections.stream().anyMatch(d -> !d.isDetected())) {
            return null;
        }
        return detections.stream().map(Detection::detectionTime).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static Long firstOkAfter(InjectedFault f, List<Long> sortedOk) {
        if (f.end() == null) {
            return null;
        }
        for (long t : sortedOk) {
            if (t > f.end()) {
                return t;
            }
        }
        return null;
    }

    /**
     * The first moment from the fault's end on when no suspicion across the fault is held: none of
     * or by a target, none between nodes the partition separated.
     */
    private static Long fullMembershipAfter(InjectedFault f, Timeline timeline,
            SuspicionsByPair suspicions) {
        if (f.end() == null) {
            return null;
        }
        Intervals.Builder suspected = new Intervals.Builder();
        for (String observer : timeline.nodes()) {
            for (String peer : timeline.nodes()) {
                boolean across = f.targets().contains(observer) || f.targets().contains(peer)
                        || f.separates(observer, peer);
                if (!observer.equals(peer) && across) {
                    for (Suspicion s : suspicions.of(observer, peer)) {
                        suspected.add(s.start(), s.endOr(Long.MAX_VALUE));
                    }
                }
            }
        }
        long t = suspected.build().endOfSpanAt(f.end());
        return t == Long.MAX_VALUE ? null : t;
    }

    private static List<PartitionSuspicion> partitionSuspicions(InjectedFault f, long windowEnd, Timeline timeline,
            SuspicionsByPair suspicions) {
        List<PartitionSuspicion> out = new ArrayList<>();
        if (f.effect() != Effect.PARTITION) {
            return out;
        }
        for (String observer : timeline.nodes()) {
            for (String peer : timeline.nodes()) {
                if (f.separates(observer, peer)) {
                    for (Suspicion s : suspicions.of(observer, peer)) {
                        if (within(s, f.start(), windowEnd)) {
                            out.add(new PartitionSuspicion(f.id(), s));
                        }
                    }
                }
            }
        }
        return out;
    }
}
