package io.faultline.checkers.detection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A fault the schedule injected, as the detection checker needs to know it.
 *
 * <p>Its {@link Effect} — given, never guessed from its name — decides what it does to
 * reachability: a STOP fault (kill, pause, restart) stops its targets; a PARTITION keeps the nodes
 * of different components (or across cut links) apart; a DEGRADE fault (latency, bandwidth, dropped
 * connections) leaves every node reachable, and suspicions under it are mistakes. A user's nemesis
 * named {@code crash-node} that stops a node is scored as a stop because it says so.
 *
 * @param id the fault's id in the run, e.g. the {@code id} of its {@code fault-start} event
 * @param kind what kind of fault, as the nemesis names it; only a label for reports
 * @param effect what the fault does to reachability
 * @param targets the nodes it stops; for a partition the nodes cut off (the minority side), which the
 *     other side should come to suspect; for other kinds the nodes it acts on
 * @param components for a partition, the groups of nodes that can still reach each other (nodes in no
 *     group form one more group, as {@code Network.partition} has it); empty for other kinds
 * @param cuts for a partition given as cut links instead (a bridge, a majorities ring, a one-way
 *     cut), each link {@code [from, to]} whose traffic from {@code from} to {@code to} was cut; two nodes
 *     are kept apart when either direction between them is cut. Empty for other kinds
 * @param start nanoseconds on the run's clock when it was injected
 * @param end nanoseconds when the schedule ended it (restart, resume or heal issued), or null when it
 *     was still in effect at the end of the run
 * @param recovered for a fault that stops its targets, nanoseconds when they were ready again after
 *     a restart ({@code node-ready}); null when not recorded, and then the fault's end counts
 */
public record InjectedFault(
        String id,
        String kind,
        Effect effect,
        List<String> targets,
        List<List<String>> components,
        List<List<String>> cuts,
        long start,
        Long end,
        Long recovered) {

    public InjectedFault {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effect, "effect");
        targets = List.copyOf(targets);
        List<List<String>> groups = new ArrayList<>();
        components.forEach(c -> groups.add(List.copyOf(c)));
        components = List.copyOf(groups);
        List<List<String>> links = new ArrayList<>();
        for (List<String> link : cuts) {
            if (link.size() != 2 || link.get(0).equals(link.get(1))) {
                throw new IllegalArgumentException("fault " + id + " (" + kind + ") has a cut link " + link
                        + "; a cut link is [from, to] between two different nodes");
            }
            links.add(List.copyOf(link));
        }
        cuts = List.copyOf(links);
        if (!components.isEmpty() && !cuts.isEmpty()) {
            throw new IllegalArgumentException("fault " + id + " (" + kind + ") gives both components and cut links;"
                    + " describe a partition one way or the other");
        }
        String what = "fault " + id + " (" + kind + ")";
        if (end != null && end < start) {
            throw new IllegalArgumentException(what + " ends at " + end + " ns, before it starts at " + start
                    + " ns; give the times of its fault-start and fault-end events, on the same clock");
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException(what + " names a target twice: " + targets);
        }
        Set<String> grouped = new HashSet<>();
        for (List<String> group : components) {
            for (String node : group) {
                if (!grouped.add(node)) {
                    throw new IllegalArgumentException(what + " puts " + node + " in more than one component: "
                            + components + "; a node can only be on one side of a partition");
                }
            }
        }
        if (effect == Effect.PARTITION && components.isEmpty() && cuts.isEmpty()) {
            throw new IllegalArgumentException(what + " is a partition with no components or cut links; give them, so that the"
                    + " checker knows which nodes were cut off from which");
        }
        if (effect != Effect.PARTITION && (!components.isEmpty() || !cuts.isEmpty())) {
            throw new IllegalArgumentException(what + " has components or cut links but its effect is " + effect
                    + "; a fault that separates nodes is a PARTITION");
        }
        if (effect != Effect.DEGRADE && targets.isEmpty()) {
            throw new IllegalArgumentException(what + " has no targets; name the nodes it "
                    + (effect == Effect.STOP ? "stopped" : "cut off (the minority side)"));
        }
        if (recovered != null) {
            if (effect != Effect.STOP) {
                throw new IllegalArgumentException(what + " has a recovered time, but only faults that stop"
                        + " nodes (kill, pause, restart) recover; leave it null");
            }
            if (end == null) {
                throw new IllegalArgumentException(what + " recovered at " + recovered + " ns but never ended; a"
                        + " node recovers after the restart that ends the fault, so give that end too");
            }
            if (recovered < end) {
                throw new IllegalArgumentException(what + " recovered at " + recovered + " ns, before it ended at "
                        + end + " ns; recovered is when the restarted node was ready, after the restart was issued");
            }
        }
    }

    /** A fault that stops {@code targets} (kill, pause, restart): every other node should come to suspect them. */
    public static InjectedFault stop(String id, String kind, List<String> targets, long start, long end) {
        return new InjectedFault(id, kind, Effect.STOP, targets, List.of(), List.of(), start, end, null);
    }

    /** A fault that leaves every node reachable (latency, bandwidth, dropped connections): suspicions under it are mistakes. */
    public static InjectedFault degrade(String id, String kind, List<String> targets, long start, long end) {
        return new InjectedFault(id, kind, Effect.DEGRADE, targets, List.of(), List.of(), start, end, null);
    }

    /** A partition: {@code cutOff} are the nodes the rest should come to suspect. */
    public static InjectedFault partition(String id, String kind, List<String> cutOff, List<List<String>> components,
            long start, long end) {
        return new InjectedFault(id, kind, Effect.PARTITION, cutOff, components, List.of(), start, end, null);
    }

    /** A partition given as cut links {@code [from, to]}; {@code touched} are the nodes on either end of a cut. */
    public static InjectedFault cuts(String id, String kind, List<String> touched, List<List<String>> cuts,
            long start, long end) {
        return new InjectedFault(id, kind, Effect.PARTITION, touched, List.of(), cuts, start, end, null);
    }

    /** This fault, its targets ready again at {@code nanos} after a restart. */
    public InjectedFault recoveredAt(long nanos) {
        return new InjectedFault(id, kind, effect, targets, components, cuts, start, end, nanos);
    }

    /** When the targets were back: recovered, else the end, else the end of the run. */
    long backAt(long runEnd) {
        return recovered != null ? recovered : endOr(runEnd);
    }

    long endOr(long runEnd) {
        return end == null ? runEnd : end;
    }

    /**
     * Whether a partition keeps {@code a} and {@code b} apart. Nodes in no listed component share the
     * implicit remaining one.
     */
    boolean separates(String a, String b) {
        if (effect() != Effect.PARTITION) {
            return false;
        }
        if (!cuts.isEmpty()) {
            return cuts.contains(List.of(a, b)) || cuts.contains(List.of(b, a));
        }
        return componentOf(a) != componentOf(b);
    }

    private int componentOf(String node) {
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

}
