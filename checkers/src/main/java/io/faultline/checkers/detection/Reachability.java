package io.faultline.checkers.detection;

import java.util.HashMap;
import java.util.Map;

/**
 * For each (observer, peer) pair, when the injected faults made the peer really unreachable from
 * the observer, and when the pair was under fault-free observation — the time over which its
 * suspicions are mistakes.
 */
final class Reachability {
    private final Timeline timeline;
    private final long grace;
    /** When each node was stopped by a kill, pause or restart. */
    private final Map<String, Intervals> stopped = new HashMap<>();
    /** The grace periods after each node came back. */
    private final Map<String, Intervals> settlingAfterStop = new HashMap<>();

    Reachability(Timeline timeline, long grace) {
        this.timeline = timeline;
        this.grace = grace;
        Map<String, Intervals.Builder> down = new HashMap<>();
        Map<String, Intervals.Builder> settling = new HashMap<>();
        for (String node : timeline.nodes()) {
            down.put(node, new Intervals.Builder());
            settling.put(node, new Intervals.Builder());
        }
        for (InjectedFault f : timeline.faults()) {
            if (f.effect() != Effect.STOP) {
                continue;
            }
            long back = f.backAt(timeline.end());
            for (String target : f.targets()) {
                down.get(target).add(f.start(), back);
                settling.get(target).add(back, plusGrace(back));
            }
        }
        down.forEach((node, b) -> stopped.put(node, b.build()));
        settling.forEach((node, b) -> settlingAfterStop.put(node, b.build()));
    }

    /** The end of a fault's grace period, given when it ended (or its targets were back). */
    long plusGrace(long t) {
        return t > Long.MAX_VALUE - grace ? Long.MAX_VALUE : t + grace;
    }

    /** When {@code peer} was down or frozen, or a partition kept it from {@code observer}. */
    Intervals unreachable(String observer, String peer) {
        Intervals.Builder out = new Intervals.Builder().add(stopped.get(peer));
        for (InjectedFault f : timeline.faults()) {
            if (f.separates(observer, peer)) {
                out.add(f.start(), f.endOr(timeline.end()));
            }
        }
        return out.build();
    }

    /**
     * The run less: when the peer was unreachable from the observer, when the observer itself was
     * stopped (a frozen or dead detector neither errs nor is right), and the grace period after each.
     */
    Intervals observed(String observer, String peer) {
        Intervals.Builder excused = new Intervals.Builder()
                .add(stopped.get(peer)).add(settlingAfterStop.get(peer))
                .add(stopped.get(observer)).add(settlingAfterStop.get(observer));
        for (InjectedFault f : timeline.faults()) {
            if (f.separates(observer, peer)) {
                long end = f.endOr(timeline.end());
                excused.add(f.start(), plusGrace(end));
            }
        }
        return excused.build().complementWithin(timeline.start(), timeline.end());
    }
}
