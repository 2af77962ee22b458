package io.faultline.checkers.detection;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a chaos run recorded that failure detection is judged by, all on the run's clock
 * (nanoseconds since the run began). Built from a run's {@code events.jsonl} and history; refuses
 * a timeline that cannot be judged, with what is wrong and how to fix it.
 *
 * @param nodes every node of the run, by name
 * @param start nanoseconds when the run began (usually 0)
 * @param end nanoseconds when it ended; open suspicions and unended faults last until then
 * @param faults the faults injected, in any order
 * @param suspicions every suspicion of a peer by an observer; those of one (observer, peer) pair may
 *     not overlap
 * @param okCompletions when client operations completed {@code :ok}, in any order
 */
public record Timeline(
        List<String> nodes,
        long start,
        long end,
        List<InjectedFault> faults,
        List<Suspicion> suspicions,
        List<Long> okCompletions) {

    public Timeline {
        nodes = List.copyOf(nodes);
        faults = List.copyOf(faults);
        suspicions = List.copyOf(suspicions);
        okCompletions = List.copyOf(okCompletions);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a timeline needs the run's nodes; list every node that ran");
        }
        if (new LinkedHashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("nodes " + nodes + " name a node twice; list each node once");
        }
        if (end < start) {
            throw new IllegalArgumentException("the run ends at " + end + " ns, before it starts at " + start + " ns");
        }
        Bounds run = new Bounds(nodes, start, end);
        Set<String> ids = new HashSet<>();
        for (InjectedFault f : faults) {
            if (!ids.add(f.id())) {
                throw new IllegalArgumentException("two faults have id " + f.id() + "; give each fault its own id");
            }
            run.checkFault(f);
        }
        for (Suspicion s : suspicions) {
            run.checkSuspicion(s);
        }
        checkNoOverlap(suspicions);
        for (long t : okCompletions) {
            run.requireWithinRun(t, "an ok operation completed");
        }
    }

    private static void checkNoOverlap(List<Suspicion> suspicions) {
        for (List<Suspicion> pair : new SuspicionsByPair(suspicions).pairs()) {
            for (int i = 1; i < pair.size(); i++) {
                Suspicion before = pair.get(i - 1);
                Suspicion after = pair.get(i);
                if (before.end() == null || before.end() > after.start()) {
                    throw new IllegalArgumentException("suspicions " + before + " and " + after + " overlap; a"
                            + " detector either suspects a peer or not, so each suspect event must be closed by a"
                            + " trust before the next suspect of the same peer");
                }
            }
        }
    }

    /** The run's nodes and extent, which every name and time in it must fall within. */
    private record Bounds(List<String> nodes, long start, long end) {

        void checkFault(InjectedFault f) {
            String what = "fault " + f.id() + " (" + f.kind() + ")";
            for (String node : f.targets()) {
                requireNode(node, what + " targets");
            }
            for (List<String> group : f.components()) {
                for (String node : group) {
                    requireNode(node, what + " has in a component");
                }
            }
            for (List<String> link : f.cuts()) {
                for (String node : link) {
                    requireNode(node, what + " cuts a link of");
                }
            }
            requireWithinRun(f.start(), what + " starts");
            if (f.end() != null) {
                requireWithinRun(f.end(), what + " ends");
            }
            if (f.recovered() != null) {
                requireWithinRun(f.recovered(), what + " recovers");
            }
        }

        void checkSuspicion(Suspicion s) {
            requireNode(s.observer(), "suspicion " + s + " has observer");
            requireNode(s.peer(), "suspicion " + s + " has peer");
            if (s.start() < start || s.start() >= end) {
                throw new IllegalArgumentException("suspicion " + s + " starts outside the run [" + start + ", " + end
                        + ") ns; all times must be on the run's clock");
            }
            if (s.end() != null && s.end() > end) {
                throw new IllegalArgumentException("suspicion " + s + " ends after the run ends at " + end
                        + " ns; a suspicion still held at the end of the run is open (Suspicion.open), not later");
            }
        }

        void requireNode(String node, String what) {
            if (!nodes.contains(node)) {
                throw new IllegalArgumentException(what + " " + node + ", which is not a node of the run " + nodes
                        + "; list every node in Timeline.nodes, with the same names the probes use");
            }
        }

        void requireWithinRun(long t, String what) {
            if (t < start || t > end) {
                throw new IllegalArgumentException(what + " at " + t + " ns, outside the run [" + start + ", " + end
                        + "] ns; all times must be on the run's clock, in nanoseconds since it began");
            }
        }
    }
}
