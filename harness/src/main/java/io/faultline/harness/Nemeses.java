package io.faultline.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The built-in fault injectors. Each draws its targets from the schedule's seeded random source;
 * the "leader" ones ask the cluster's leader probe and fail the injection (recorded, not fatal) when
 * there is no leader to find.
 */
public final class Nemeses {
    private Nemeses() {
    }

    /** SIGKILL a random node; the fault ends by restarting it (same address, ports and data). */
    public static Nemesis kill() {
        return nodeFault("kill", Nemeses::randomNode, Node::kill, Node::restart);
    }

    /** SIGKILL the leader. */
    public static Nemesis killLeader() {
        return nodeFault("kill-leader", Nemeses::leader, Node::kill, Node::restart);
    }

    /** Freeze a random node (SIGSTOP / docker pause); the fault ends by resuming it. */
    public static Nemesis pause() {
        return nodeFault("pause", Nemeses::randomNode, Node::pause, Node::resume);
    }

    /** Freeze the leader. */
    public static Nemesis pauseLeader() {
        return nodeFault("pause-leader", Nemeses::leader, Node::pause, Node::resume);
    }

    /** Kill and start again a random node at once; the fault has no duration. */
    public static Nemesis restart() {
        return nodeFault("restart", Nemeses::randomNode, Node::restart, node -> { });
    }

    /** Split the nodes into two random halves (the smaller one a minority). */
    public static Nemesis partitionRandomHalves() {
        return partition("partition-halves", (ctx, random) -> {
            List<String> shuffled = shuffled(ctx, random);
            int half = shuffled.size() / 2;
            return List.of(shuffled.subList(0, half), shuffled.subList(half, shuffled.size()));
        });
    }

    /** Cut one random node off from all others. */
    public static Nemesis isolateOne() {
        return partition("isolate", (ctx, random) -> List.of(List.of(randomName(ctx, random))));
    }

    /** Cut the leader off from all others. */
    public static Nemesis isolateLeader() {
        return partition("isolate-leader", (ctx, random) -> List.of(List.of(leaderName(ctx))));
    }

    /**
     * Jepsen's bridge: two halves that cannot talk, except through one node that sees both. Needs
     * at least three nodes.
     */
    public static Nemesis bridge() {
        return cuts("partition-bridge", (ctx, random) -> {
            List<String> nodes = shuffled(ctx, random);
            requireNodes(nodes, 3, "a bridge");
            String bridge = nodes.get(0);
            List<String> rest = nodes.subList(1, nodes.size());
            List<String> left = rest.subList(0, rest.size() / 2);
            List<String> right = rest.subList(rest.size() / 2, rest.size());
            List<String[]> cuts = new ArrayList<>();
            for (String a : left) {
                for (String b : right) {
                    cuts.add(new String[] {a, b});
                    cuts.add(new String[] {b, a});
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
        return cuts("partition-majorities-ring", (ctx, random) -> {
            List<String> ring = shuffled(ctx, random);
            int n = ring.size();
            requireNodes(ring, 4, "a majorities ring");
            int majority = n / 2 + 1;
            int reach = majority / 2; // neighbours on each side: the smallest with 1 + 2 * reach >= majority
            List<String[]> cuts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
                    if (i != j && distance > reach) {
                        cuts.add(new String[] {ring.get(i), ring.get(j)});
                    }
                }
            }
            return new Cuts(cuts, Map.of("ring", ring));
        });
    }

    /** Cut what one random node sends to another; the reverse direction still flows. */
    public static Nemesis oneWay() {
        return cuts("partition-one-way", (ctx, random) -> {
            List<String> nodes = shuffled(ctx, random);
            requireNodes(nodes, 2, "a one-way cut");
            return new Cuts(List.<String[]>of(new String[] {nodes.get(0), nodes.get(1)}),
                    Map.of("from", nodes.get(0), "to", nodes.get(1)));
        });
    }

    /** Delay everything one random node sends to its peers by {@code latency} ± {@code jitter}. */
    public static Nemesis latency(Duration latency, Duration jitter) {
        return networkFault("latency", PROXIED_ONLY, (ctx, random) -> {
            String node = randomName(ctx, random);
            for (String peer : ctx.network().nodes()) {
                if (!peer.equals(node)) {
                    ctx.network().latency(node, peer, latency, jitter);
                }
            }
            return details(List.of(node), "latency-ms", latency.toMillis(), "jitter-ms", jitter.toMillis());
        });
    }

    /** Limit what one random node sends to its peers. */
    public static Nemesis bandwidth(long bytesPerSecond) {
        return networkFault("bandwidth", PROXIED_ONLY, (ctx, random) -> {
            String node = randomName(ctx, random);
            for (String peer : ctx.network().nodes()) {
                if (!peer.equals(node)) {
                    ctx.network().bandwidth(node, peer, bytesPerSecond);
                }
            }
            return details(List.of(node), "bytes-per-second", bytesPerSecond);
        });
    }

    /** Close every connection between one random node and its peers. */
    public static Nemesis dropConnections() {
        return networkFault("drop-connections", (ctx, random) -> {
            String node = randomName(ctx, random);
            for (String peer : ctx.network().nodes()) {
                if (!peer.equals(node)) {
                    ctx.network().dropConnections(node, peer);
                }
            }
            return details(List.of(node));
        });
    }

    // ---- building blocks ----

    private interface NodeAction {
        void apply(Node node) throws Exception;
    }

    private interface Targeting {
        String pick(ChaosRun ctx, Random random) throws Exception;
    }

    private static Nemesis nodeFault(String kind, Targeting target, NodeAction inject, NodeAction end) {
        return new Nemesis() {
            @Override
            public String name() {
                return kind;
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                Node node = ctx.cluster().node(target.pick(ctx, random));
                inject.apply(node);
                return new SimpleFault(kind, List.of(node.name()), Map.of(), () -> end.apply(node));
            }
        };
    }

    private static Nemesis partition(String kind, BiFunction<ChaosRun, Random, List<List<String>>> components) {
        return networkFault(kind, (ctx, random) -> {
            List<List<String>> parts = components.apply(ctx, random);
            ctx.network().partition(parts);
            List<String> cutOff = parts.get(0);
            return new Details(cutOff, Map.of("components", completed(ctx, parts)));
        });
    }

    private record Cuts(List<String[]> cuts, Map<String, Object> details) {
    }

    private static Nemesis cuts(String kind, BiFunction<ChaosRun, Random, Cuts> plan) {
        return networkFault(kind, (ctx, random) -> {
            Cuts cuts = plan.apply(ctx, random);
            List<String> touched = new ArrayList<>();
            List<List<String>> links = new ArrayList<>();
            for (String[] c : cuts.cuts()) {
                ctx.network().cut(c[0], c[1]);
                links.add(List.of(c[0], c[1]));
                for (String n : c) {
                    if (!touched.contains(n)) {
                        touched.add(n);
                    }
                }
            }
            Map<String, Object> d = new LinkedHashMap<>(cuts.details());
            d.put("cut", links);
            return new Details(touched, d);
        });
    }

    private record Details(List<String> nodes, Map<String, Object> details) {
    }

    private interface NetworkAction {
        Details apply(ChaosRun ctx, Random random) throws Exception;
    }

    /** Toxics: only a proxy on the link makes them (this kernel has no netem for delay). */
    private static final Set<NetworkMode> PROXIED_ONLY = EnumSet.of(NetworkMode.PROXIED);

    private static Nemesis networkFault(String kind, NetworkAction action) {
        return networkFault(kind, EnumSet.allOf(NetworkMode.class), action);
    }

    private static Nemesis networkFault(String kind, Set<NetworkMode> modes, NetworkAction action) {
        return new Nemesis() {
            @Override
            public String name() {
                return kind;
            }

            @Override
            public Set<NetworkMode> networkModes() {
                return modes;
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                Details d = action.apply(ctx, random);
                return new SimpleFault(kind, d.nodes(), d.details(), () -> ctx.network().heal());
            }
        };
    }

    private static Details details(List<String> nodes, Object... keysAndValues) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            d.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Details(nodes, d);
    }

    private static List<List<String>> completed(ChaosRun ctx, List<List<String>> parts) {
        List<List<String>> all = new ArrayList<>(parts);
        List<String> rest = new ArrayList<>(ctx.network().nodes());
        parts.forEach(rest::removeAll);
        if (!rest.isEmpty()) {
            all.add(rest);
        }
        return all;
    }

    private static String randomNode(ChaosRun ctx, Random random) {
        return randomName(ctx, random);
    }

    private static String randomName(ChaosRun ctx, Random random) {
        List<String> names = ctx.network().nodes();
        return names.get(random.nextInt(names.size()));
    }

    private static List<String> shuffled(ChaosRun ctx, Random random) {
        List<String> names = new ArrayList<>(ctx.network().nodes());
        Collections.shuffle(names, random);
        return names;
    }

    private static String leader(ChaosRun ctx, Random random) {
        return leaderName(ctx);
    }

    private static String leaderName(ChaosRun ctx) {
        if (ctx.cluster().spec().leader().isEmpty()) {
            throw new IllegalStateException("cluster " + ctx.cluster().spec().name()
                    + " has no leader probe; add ClusterSpec.withLeaderProbe to use the leader nemeses");
        }
        return ctx.cluster().leader().orElseThrow(() -> new IllegalStateException("no leader right now"));
    }

    private static void requireNodes(List<String> nodes, int min, String what) {
        if (nodes.size() < min) {
            throw new IllegalStateException(what + " needs at least " + min + " nodes; the cluster has " + nodes.size());
        }
    }

    /** A fault whose end is a single action. */
    private record SimpleFault(String kind, List<String> nodes, Map<String, Object> details, Ending ending) implements Fault {
        @Override
        public void end() throws Exception {
            ending.end();
        }
    }

    private interface Ending {
        void end() throws Exception;
    }
}
