package io.faultline.checkers.detection;

import java.util.HashMap;
import java.util.Map;

/**
 * When each (observer, peer) pair was under fault-free observation: the time over which its
 * suspicions are mistakes and its accuracy is measured.
 */
final class FaultFreeTime {
    private final Timeline timeline;
    private final long grace;
    /** When each node was stopped by a kill, pause or restart, or back for less than the grace period. */
    private final Map<String, Intervals> stoppedOrSettling = new HashMap<>();

    FaultFreeTime(Timeline timeline, long grace) {
        this.timeline = timeline;
        this.grace = grace;
        Map<String, Intervals.Builder> byNode = new HashMap<>();
        timeline.nodes().forEach(node -> byNode.put(node, new Intervals.Builder()));
        for (InjectedFault f : timeline.faults()) {
            if (f.effect() == Effect.STOP) {
                for (String target : f.targets()) {
                    byNode.get(target).add(f.start(), plusGrace(f.backAt(timeline.end())));
                }
            }
        }
        byNode.forEach((node, b) -> stoppedOrSettling.put(node, b.build()));
    }

    /** The end of a fault's grace period, given when it ended (or its targets were back). */
    long plusGrace(long t) {
        return t > Long.MAX_VALUE - grace ? Long.MAX_VALUE : t + grace;
    }

    /**
     * The run less: when the peer was stopped or a partition kept it from the observer, when the
     * observer itself was stopped (a frozen or dead detector neither errs nor is right), and the
     * grace period after each.
     */
    Intervals of(String observer, String peer) {
        Intervals.Builder excused = new Intervals.Builder()
                .add(stoppedOrSettling.get(peer))
                .add(stoppedOrSettling.get(observer));
        for (InjectedFault f : timeline.faults()) {
            if (f.separates(observer, peer)) {
                excused.add(f.start(), plusGrace(f.endOr(timeline.end())));
            }
        }
        return excused.build().complementWithin(timeline.start(), timeline.end());
    }
}
