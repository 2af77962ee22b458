package io.faultline.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which nodes a fault acts on, chosen when it is injected — Jepsen's node specs. Draws come from the
 * schedule's seeded random source; {@link #leader} and {@link #follower} ask the cluster's leader
 * probe, wait up to 5 s for an election under way, and fail the injection, loudly, when there is
 * still no leader to find.
 *
 * <pre>{@code
 * Nemeses.kill(Target.minority())   Nemeses.isolate(Target.leader())   Nemeses.pause(Target.nodes("n1", "n3"))
 * }</pre>
 */
@FunctionalInterface
public interface Target {

    /** The chosen nodes, never empty. */
    List<String> pick(ChaosRun run, Random random) throws Exception;

    /** A name for the fault's kind, e.g. {@code kill-leader}; empty for one random node. */
    default String label() {
        return "";
    }

    /** One node, drawn at random. */
    static Target one() {
        return (run, random) -> shuffled(run, random).subList(0, 1);
    }

    /** The leader, as the leader probe names it. */
    static Target leader() {
        return labelled("leader", (run, random) -> List.of(leaderOf(run)));
    }

    /** Jepsen's primaries: the nodes that lead — for a single-leader system, the leader. */
    static Target primaries() {
        return labelled("primaries", (run, random) -> List.of(leaderOf(run)));
    }

    /** One node other than the leader, drawn at random. */
    static Target follower() {
        return labelled("follower", (run, random) -> {
            String leader = leaderOf(run);
            List<String> followers = shuffled(run, random);
            followers.remove(leader);
            return followers.subList(0, 1);
        });
    }

    /** Fewer than half the nodes (at least one), drawn at random. */
    static Target minority() {
        return labelled("minority", (run, random) -> {
            List<String> nodes = shuffled(run, random);
            return nodes.subList(0, Math.max(1, (nodes.size() - 1) / 2));
        });
    }

    /** More than half the nodes, drawn at random. */
    static Target majority() {
        return labelled("majority", (run, random) -> {
            List<String> nodes = shuffled(run, random);
            return nodes.subList(0, nodes.size() / 2 + 1);
        });
    }

    /** Every node. */
    static Target all() {
        return labelled("all", (run, random) -> run.network().nodes());
    }

    /** Exactly these nodes. */
    static Target nodes(String... names) {
        List<String> fixed = List.of(names);
        if (fixed.isEmpty()) {
            throw new IllegalArgumentException("name at least one node, e.g. Target.nodes(\"n1\")");
        }
        return labelled(String.join("+", fixed), (run, random) -> {
            for (String n : fixed) {
                if (!run.network().nodes().contains(n)) {
                    throw new IllegalArgumentException("no node " + n + "; nodes are " + run.network().nodes());
                }
            }
            return fixed;
        });
    }

    private static Target labelled(String label, Target target) {
        return new Target() {
            @Override
            public List<String> pick(ChaosRun run, Random random) throws Exception {
                return target.pick(run, random);
            }

            @Override
            public String label() {
                return label;
            }
        };
    }

    private static List<String> shuffled(ChaosRun run, Random random) {
        List<String> names = new ArrayList<>(run.network().nodes());
        Collections.shuffle(names, random);
        return names;
    }

    /**
     * The leader, waiting up to 5 s for the probe to name one: on a loaded machine an election is often
     * under way when a fault falls due, and a fault that failed at once then made a run of a correct
     * system fail as having proved nothing (the loaded-machine false-alarm campaign found it).
     */
    private static String leaderOf(ChaosRun run) throws InterruptedException {
        if (run.cluster().spec().leader().isEmpty()) {
            throw new IllegalStateException("cluster " + run.cluster().spec().name()
                    + " has no leader probe; add ClusterSpec.withLeaderProbe to aim faults at its leader");
        }
        long waitMillis = 5_000;
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        java.util.Optional<String> leader = run.cluster().leader();
        while (leader.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            leader = run.cluster().leader();
        }
        return leader.orElseThrow(() -> new IllegalStateException("no leader within " + waitMillis + " ms: the leader probe of "
                + run.cluster().spec().name() + " named none each time it was asked, every 100 ms"));
    }
}
