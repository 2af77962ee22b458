package io.faultline.harness;

import io.faultline.harness.Fault.Link;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The built-in fault injectors, and combinators to build schedules from them. Each draws its targets
 * from the schedule's seeded random source; each fault says what it did ({@link Fault.Effect}) and
 * undoes only that when it ends, so faults may overlap. A fault aimed at the leader fails its
 * injection (a {@code fault-error} event, which fails the run unless the test expects it) when
 * there is no leader to find.
 */
public final class Nemeses {
    private Nemeses() {
    }

    // ---- nodes ----

    /** SIGKILL the {@code target} nodes; the fault ends by restarting them (same address, ports and data). */
    public static Nemesis kill(Target target) {
        return nodeFault(kind("kill", target), target, Node::kill, Fault::stopped, Node.State.DOWN, Node::restart);
    }

    /** SIGKILL a random node. */
    public static Nemesis kill() {
        return kill(Target.one());
    }

    /** SIGKILL the leader. */
    public static Nemesis killLeader() {
        return kill(Target.leader());
    }

    /** Freeze the {@code target} nodes (SIGSTOP / docker pause); the fault ends by resuming them. */
    public static Nemesis pause(Target target) {
        return nodeFault(kind("pause", target), target, Node::pause, Fault::paused, Node.State.PAUSED, Node::resume);
    }

    /** Freeze a random node. */
    public static Nemesis pause() {
        return pause(Target.one());
    }

    /** Freeze the leader. */
    public static Nemesis pauseLeader() {
        return pause(Target.leader());
    }

    /** Kill and start again the {@code target} nodes at once; the fault has no duration. */
    public static Nemesis restart(Target target) {
        return nodeFault(kind("restart", target), target, Node::restart, Fault::stopped, null, node -> { });
    }

    /** Kill and start again a random node. */
    public static Nemesis restart() {
        return restart(Target.one());
    }

    // ---- partitions ----

    /** Cut the {@code target} nodes off from all others (both directions); the fault restores those links. */
    public static Nemesis isolate(Target target) {
        return partition(kind("isolate", target), (run, random) -> List.of(target.pick(run, random)));
    }

    /** Cut one random node off from all others. */
    public static Nemesis isolateOne() {
        return isolate(Target.one());
    }

    /** Cut the leader off from all others. */
    public static Nemesis isolateLeader() {
        return isolate(Target.leader());
    }

    /** Split the nodes into two random halves (the smaller one a minority). */
    public static Nemesis partitionRandomHalves() {
        return partition("partition-halves", (run, random) -> {
            List<String> shuffled = shuffled(run, random);
            int half = shuffled.size() / 2;
            return List.of(shuffled.subList(0, half), shuffled.subList(half, shuffled.size()));
        });
    }

    /** Cut exactly these links (each one way: what {@code from} sends to {@code to}); the fault restores them. */
    public static Nemesis cut(String kind, Link... links) {
        List<Link> fixed = List.of(links);
        return cuts(kind, (run, random) -> new Cuts(fixed, Map.of()));
    }

    /**
     * Jepsen's bridge: two halves that cannot talk, except through one node that sees both. Needs
     * at least three nodes.
     */
    public static Nemesis bridge() {
        return cuts("partition-bridge", (run, random) -> {
            List<String> nodes = shuffled(run, random);
            requireNodes(nodes, 3, "a bridge");
            String bridge = nodes.get(0);
            List<String> rest = nodes.subList(1, nodes.size());
            List<String> left = rest.subList(0, rest.size() / 2);
            List<String> right = rest.subList(rest.size() / 2, rest.size());
            List<Link> cuts = new ArrayList<>();
            for (String a : left) {
                for (String b : right) {
                    cuts.add(new Link(a, b));
                    cuts.add(new Link(b, a));
                }
            }
            return new Cuts(cuts, Map.of("bridge", bridge, "left", left, "right", right));
        });
    }

    /**
     * Jepsen's majorities ring: every node sees a majority, but no two nodes see the same one. On a
     * random ring, a node keeps the links to its nearest neighbours and loses the rest. Needs at
     * least four nodes to differ from no partition at all.
     */
    public static Nemesis majoritiesRing() {
        return cuts("partition-majorities-ring", (run, random) -> {
            List<String> ring = shuffled(run, random);
            int n = ring.size();
            requireNodes(ring, 4, "a majorities ring");
            int majority = n / 2 + 1;
            int reach = majority / 2; // neighbours on each side: the smallest with 1 + 2 * reach >= majority
            List<Link> cuts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
                    if (i != j && distance > reach) {
                        cuts.add(new Link(ring.get(i), ring.get(j)));
                    }
                }
            }
            return new Cuts(cuts, Map.of("ring", ring));
        });
    }

    /** Cut what one random node sends to another; the reverse direction still flows. */
    public static Nemesis oneWay() {
        return cuts("partition-one-way", (run, random) -> {
            List<String> nodes = shuffled(run, random);
            requireNodes(nodes, 2, "a one-way cut");
            return new Cuts(List.of(new Link(nodes.get(0), nodes.get(1))), Map.of("from", nodes.get(0), "to", nodes.get(1)));
        });
    }

    // ---- degraded links ----

    /** Delay everything one random node sends to its peers by {@code latency} ± {@code jitter}. */
    public static Nemesis latency(Duration latency, Duration jitter) {
        return degrade("latency", Map.of("latency-ms", latency.toMillis(), "jitter-ms", jitter.toMillis()),
                (network, link) -> network.latency(link.from(), link.to(), latency, jitter));
    }

    /** Limit what one random node sends to its peers. */
    public static Nemesis bandwidth(long bytesPerSecond) {
        return degrade("bandwidth", Map.of("bytes-per-second", bytesPerSecond),
                (network, link) -> network.bandwidth(link.from(), link.to(), bytesPerSecond));
    }

    /** Close every connection between one random node and its peers; new ones may open at once, so the fault has nothing to undo. */
    public static Nemesis dropConnections() {
        return nemesis("drop-connections", (run, random) -> {
            List<Link> links = fromOneNode(run, random);
            links.forEach(link -> run.network().dropConnections(link.from(), link.to()));
            return Fault.of("drop-connections", Fault.degraded(links), () -> { });
        });
    }

    // ---- combinators ----

    /** A condition a {@link #settled} nemesis waits for, e.g. "a leader leads and every node serves". */
    @FunctionalInterface
    public interface Condition {
        boolean holds(ChaosRun run) throws Exception;
    }

    /**
     * {@code nemesis}, whose faults, once ended, wait until {@code until} holds before the schedule
     * moves on, so that the next fault starts from a settled cluster. The fault's end is stamped when
     * it is issued, so the wait delays the next fault, not the measurement. When {@code until} does
     * not hold within {@code atMost} the ending fails, loudly: a {@code fault-error} event that fails
     * the run.
     */
    public static Nemesis settled(Duration atMost, String what, Condition until, Nemesis nemesis) {
        return wrap(nemesis, (run, random) -> afterEnd(nemesis.inject(run, random), () -> {
            if (!await(run, atMost, until)) {
                throw new IllegalStateException("the cluster did not settle (" + what + ") within " + atMost
                        + " after the fault ended; give it longer, or look at the node logs");
            }
        }));
    }

    /**
     * {@code nemesis}, whose faults wait before they strike until {@code until} holds, for at most
     * {@code atMost}, and then strike anyway: e.g. a fault of a leader on a loaded machine, where a
     * leader can lose its term to a late heartbeat between two faults. The fault itself says whether
     * it could be injected.
     */
    public static Nemesis awaiting(Duration atMost, Condition until, Nemesis nemesis) {
        return wrap(nemesis, (run, random) -> {
            await(run, atMost, until);
            return nemesis.inject(run, random);
        });
    }

    /** Polls {@code until} every 20 ms for at most {@code atMost}; whether it came to hold. */
    private static boolean await(ChaosRun run, Duration atMost, Condition until) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!until.holds(run)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * {@code nemesis}, whose faults say how long injecting them took ({@code inject-ms} in their
     * details): a partition that cuts link after link is complete only that much after its start.
     */
    public static Nemesis timed(Nemesis nemesis) {
        return wrap(nemesis, (run, random) -> {
            long start = System.nanoTime();
            Fault fault = nemesis.inject(run, random);
            long millis = Math.round((System.nanoTime() - start) / 1e6);
            return withDetail(fault, "inject-ms", millis);
        });
    }

    /**
     * Each fault from the next of {@code nemeses} in turn, so that a short run has every kind the
     * same number of times whatever the seed; targets are still drawn from the seed.
     */
    public static Nemesis inTurn(Nemesis... nemeses) {
        List<Nemesis> all = List.of(nemeses);
        int[] next = {0};
        return combined("in-turn", all, (run, random) -> all.get(next[0]++ % all.size()).inject(run, random));
    }

    /** Each fault from one of {@code nemeses}, drawn from the seed. */
    public static Nemesis mix(Nemesis... nemeses) {
        List<Nemesis> all = List.of(nemeses);
        return combined("mix", all, (run, random) -> all.get(random.nextInt(all.size())).inject(run, random));
    }

    /**
     * A fault from every one of {@code nemeses} at once, each recorded and ended as a fault of its
     * own. If one cannot be injected, those already injected are ended and the injection fails.
     */
    public static Nemesis concurrently(Nemesis... nemeses) {
        List<Nemesis> all = List.of(nemeses);
        return combined("concurrently", all, (run, random) -> {
            List<Fault> injected = new ArrayList<>();
            try {
                for (Nemesis n : all) {
                    Fault f = n.inject(run, random);
                    if (f instanceof Fault.Together t) {
                        injected.addAll(t.parts());
                    } else {
                        injected.add(f);
                    }
                }
            } catch (Exception e) {
                try {
                    new Fault.Together(injected).end();
                } catch (Exception undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
            return new Fault.Together(injected);
        });
    }

    // ---- building blocks ----

    private interface NodeAction {
        void apply(Node node) throws Exception;
    }

    /**
     * Acts on each target node; the fault's end undoes it on the nodes still in {@code undoFrom}
     * (a node another fault brought back meanwhile is left alone).
     */
    private static Nemesis nodeFault(String kind, Target target, NodeAction act, java.util.function.Function<String[], Fault.Effect> effect,
                                     Node.State undoFrom, NodeAction undo) {
        return nemesis(kind, (run, random) -> {
            List<Node> nodes = nodes(run, target.pick(run, random));
            for (Node node : nodes) {
                act.apply(node);
            }
            return Fault.of(kind, effect.apply(names(nodes)), () -> {
                for (Node node : nodes) {
                    if (node.state() == undoFrom) {
                        undo.apply(node);
                    }
                }
            });
        });
    }

    private interface Injection {
        Fault inject(ChaosRun run, Random random) throws Exception;
    }

    private static Nemesis nemesis(String name, Injection injection) {
        return nemesis(name, EnumSet.allOf(NetworkMode.class), injection);
    }

    private static Nemesis nemesis(String name, Set<NetworkMode> modes, Injection injection) {
        return new Nemesis() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<NetworkMode> networkModes() {
                return modes;
            }

            @Override
            public Fault inject(ChaosRun run, Random random) throws Exception {
                return injection.inject(run, random);
            }
        };
    }

    /** A nemesis made of others: sets them up and tears them down, and acts only in the network modes all of them can. */
    private static Nemesis combined(String name, List<Nemesis> parts, Injection injection) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one nemesis");
        }
        Set<NetworkMode> modes = EnumSet.allOf(NetworkMode.class);
        parts.forEach(p -> modes.retainAll(p.networkModes()));
        return new Nemesis() {
            @Override
            public String name() {
                return name + "(" + String.join(",", parts.stream().map(Nemesis::name).toList()) + ")";
            }

            @Override
            public Set<NetworkMode> networkModes() {
                return modes;
            }

            @Override
            public void setUp(ChaosRun run) throws Exception {
                for (Nemesis n : parts) {
                    n.setUp(run);
                }
            }

            @Override
            public Fault inject(ChaosRun run, Random random) throws Exception {
                return injection.inject(run, random);
            }

            @Override
            public void tearDown(ChaosRun run) throws Exception {
                for (Nemesis n : parts) {
                    n.tearDown(run);
                }
            }
        };
    }

    /** {@code inner} under its own name, injecting through {@code injection}. */
    private static Nemesis wrap(Nemesis inner, Injection injection) {
        return new Nemesis() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public Set<NetworkMode> networkModes() {
                return inner.networkModes();
            }

            @Override
            public void setUp(ChaosRun run) throws Exception {
                inner.setUp(run);
            }

            @Override
            public Fault inject(ChaosRun run, Random random) throws Exception {
                return injection.inject(run, random);
            }

            @Override
            public void tearDown(ChaosRun run) throws Exception {
                inner.tearDown(run);
            }
        };
    }

    /** {@code fault}, then {@code then} once it has ended (for faults together, after the last part). */
    private static Fault afterEnd(Fault fault, Fault.Ending then) {
        if (fault instanceof Fault.Together t) {
            List<Fault> parts = new ArrayList<>(t.parts());
            parts.set(parts.size() - 1, afterEnd(parts.get(parts.size() - 1), then));
            return new Fault.Together(parts);
        }
        return Fault.of(fault.kind(), fault.effect(), fault.details(), () -> {
            fault.end();
            then.end();
        });
    }

    private static Fault withDetail(Fault fault, String key, Object value) {
        if (fault instanceof Fault.Together t) {
            return new Fault.Together(t.parts().stream().map(p -> withDetail(p, key, value)).toList());
        }
        Map<String, Object> details = new LinkedHashMap<>(fault.details());
        details.put(key, value);
        return Fault.of(fault.kind(), fault.effect(), details, fault::end);
    }

    private interface Components {
        List<List<String>> of(ChaosRun run, Random random) throws Exception;
    }

    /** Cuts every link between nodes of different components, both ways; the fault restores each. */
    private static Nemesis partition(String kind, Components plan) {
        return nemesis(kind, (run, random) -> {
            List<List<String>> parts = completed(run, plan.of(run, random));
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                for (int j = 0; j < parts.size(); j++) {
                    if (i != j) {
                        for (String a : parts.get(i)) {
                            for (String b : parts.get(j)) {
                                links.add(new Link(a, b));
                            }
                        }
                    }
                }
            }
            // one call, so that a kernel-mode network cuts every link at once; each cut counts, and the end restores each
            run.network().partition(parts);
            return Fault.of(kind, Fault.partitioned(parts), () -> restoreAll(run, links));
        });
    }

    private record Cuts(List<Link> links, Map<String, Object> details) {
    }

    private interface CutPlan {
        Cuts of(ChaosRun run, Random random) throws Exception;
    }

    private static Nemesis cuts(String kind, CutPlan plan) {
        return nemesis(kind, (run, random) -> {
            Cuts cuts = plan.of(run, random);
            cutAll(run, cuts.links());
            return Fault.of(kind, Fault.cut(cuts.links()), cuts.details(), () -> restoreAll(run, cuts.links()));
        });
    }

    /** Cuts each link; if one fails, restores those already cut, so a failed injection leaves nothing behind. */
    private static void cutAll(ChaosRun run, List<Link> links) {
        List<Link> done = new ArrayList<>();
        try {
            for (Link link : links) {
                run.network().cut(link.from(), link.to());
                done.add(link);
            }
        } catch (RuntimeException e) {
            restoreAll(run, done);
            throw e;
        }
    }

    private static void restoreAll(ChaosRun run, List<Link> links) {
        for (Link link : links) {
            run.network().restore(link.from(), link.to());
        }
    }

    private interface LinkAction {
        Network.Limit apply(Network network, Link link);
    }

    /** Toxics: only a proxy on the link makes them (this kernel has no netem for delay). */
    private static final Set<NetworkMode> PROXIED_ONLY = EnumSet.of(NetworkMode.PROXIED);

    /**
     * Degrades what one random node sends to each peer; the fault removes only the limits it added,
     * so an overlapping fault on the same link keeps its own. If one link fails, the limits already
     * added are removed, so a failed injection leaves nothing behind.
     */
    private static Nemesis degrade(String kind, Map<String, Object> details, LinkAction action) {
        return nemesis(kind, PROXIED_ONLY, (run, random) -> {
            List<Link> links = fromOneNode(run, random);
            List<Network.Limit> added = new ArrayList<>();
            try {
                for (Link link : links) {
                    added.add(action.apply(run.network(), link));
                }
            } catch (RuntimeException e) {
                added.forEach(Network.Limit::remove);
                throw e;
            }
            return Fault.of(kind, Fault.degraded(links), details, () -> added.forEach(Network.Limit::remove));
        });
    }

    private static List<Link> fromOneNode(ChaosRun run, Random random) {
        List<String> names = run.network().nodes();
        String node = names.get(random.nextInt(names.size()));
        List<Link> links = new ArrayList<>();
        for (String peer : names) {
            if (!peer.equals(node)) {
                links.add(new Link(node, peer));
            }
        }
        return links;
    }

    private static String kind(String base, Target target) {
        return target.label().isEmpty() ? base : base + "-" + target.label();
    }

    private static List<Node> nodes(ChaosRun run, List<String> names) {
        return names.stream().map(run.cluster()::node).toList();
    }

    private static String[] names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toArray(String[]::new);
    }

    private static List<List<String>> completed(ChaosRun run, List<List<String>> parts) {
        List<List<String>> all = new ArrayList<>();
        parts.forEach(p -> all.add(List.copyOf(p)));
        List<String> rest = new ArrayList<>(run.network().nodes());
        parts.forEach(rest::removeAll);
        if (!rest.isEmpty()) {
            all.add(rest);
        }
        return all;
    }

    private static List<String> shuffled(ChaosRun run, Random random) {
        List<String> names = new ArrayList<>(run.network().nodes());
        Collections.shuffle(names, random);
        return names;
    }

    private static void requireNodes(List<String> nodes, int min, String what) {
        if (nodes.size() < min) {
            throw new IllegalStateException(what + " needs at least " + min + " nodes; the cluster has " + nodes.size());
        }
    }
}
