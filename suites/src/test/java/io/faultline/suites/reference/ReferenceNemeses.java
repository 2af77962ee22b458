package io.faultline.suites.reference;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/** Nemeses for the reference suites that the built-in ones cannot express. */
final class ReferenceNemeses {
    private ReferenceNemeses() {
    }

    /**
     * Each fault from the next of {@code nemeses} in turn, so that a short run has every kind the
     * same number of times whatever the seed; targets are still drawn from the seed. Each fault keeps
     * its own kind ({@code kill}, {@code pause}, ...), which is what the detection report groups by.
     */
    static Nemesis inTurn(Nemesis... nemeses) {
        List<Nemesis> all = List.of(nemeses);
        return new Nemesis() {
            private int next;

            @Override
            public String name() {
                return "in-turn";
            }

            @Override
            public void setUp(ChaosRun context) throws Exception {
                for (Nemesis n : all) {
                    n.setUp(context);
                }
            }

            @Override
            public Fault inject(ChaosRun context, Random random) throws Exception {
                return all.get(next++ % all.size()).inject(context, random);
            }

            @Override
            public void tearDown(ChaosRun context) throws Exception {
                for (Nemesis n : all) {
                    n.tearDown(context);
                }
            }
        };
    }

    /**
     * {@code nemesis}, whose faults end only once no running node suspects another (or
     * {@code atMost} after the inner fault ended), so that the next fault starts from a settled
     * cluster. A restarted node is ready as soon as it knows the leader, which may be a heartbeat
     * before its peers trust it again; a fault on it then would be "noticed" at once.
     */
    static Nemesis settled(Duration atMost, Nemesis nemesis) {
        return new Nemesis() {
            @Override
            public String name() {
                return nemesis.name();
            }

            @Override
            public void setUp(ChaosRun context) throws Exception {
                nemesis.setUp(context);
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                Fault fault = nemesis.inject(ctx, random);
                return new SimpleFault(fault.kind(), fault.nodes(), fault.details(), () -> {
                    fault.end();
                    awaitNoSuspicion(ctx, atMost);
                });
            }

            @Override
            public void tearDown(ChaosRun context) throws Exception {
                nemesis.tearDown(context);
            }
        };
    }

    private static void awaitNoSuspicion(ChaosRun ctx, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() - deadline < 0) {
            boolean settled = true;
            for (Node node : ctx.cluster().nodes()) {
                if (node.state() == Node.State.RUNNING) {
                    settled &= ReferenceCluster.members(node).map(m -> m.suspected().isEmpty()).orElse(false);
                }
            }
            if (settled) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Cuts the leader off from every other node, and kills it {@code killAfter} later, while clients
     * still reach it meanwhile; the fault ends by healing and restarting it. What a leader acknowledged
     * in that window without a majority is lost: the others elect a leader that never saw it.
     */
    static Nemesis isolateLeaderThenKill(Duration killAfter) {
        return new Nemesis() {
            @Override
            public String name() {
                return "isolate-leader-then-kill";
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                String leader = leader(ctx);
                ctx.network().partition(List.of(List.of(leader)));
                Node node = ctx.cluster().node(leader);
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(killAfter.toMillis());
                        node.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "faultline-kill-isolated-leader");
                killer.setDaemon(true);
                killer.start();
                return new SimpleFault(name(), List.of(leader), Map.of("components", components(ctx, leader),
                        "killed-after-ms", killAfter.toMillis()), () -> {
                    killer.join();
                    ctx.network().heal();
                    node.restart();
                });
            }
        };
    }

    /** Cuts a follower (drawn from the seed) off from every other node, while clients still reach it. */
    static Nemesis isolateFollower() {
        return new Nemesis() {
            @Override
            public String name() {
                return "isolate-follower";
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                String leader = leader(ctx);
                List<String> followers = new ArrayList<>(ctx.network().nodes());
                followers.remove(leader);
                String follower = followers.get(random.nextInt(followers.size()));
                ctx.network().partition(List.of(List.of(follower)));
                return new SimpleFault(name(), List.of(follower),
                        Map.of("components", components(ctx, follower), "leader", leader), () -> ctx.network().heal());
            }
        };
    }

    /**
     * Cuts both directions between the leader and {@code standby}, and nothing else: the leader still
     * has a majority with the other voter, and the standby still reaches that voter.
     */
    static Nemesis cutLeaderFromStandby(String standby) {
        return new Nemesis() {
            @Override
            public String name() {
                return "partition-leader-standby";
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                String leader = leader(ctx);
                if (leader.equals(standby)) {
                    throw new IllegalStateException("the standby " + standby + " leads; nothing to cut it from");
                }
                ctx.network().cut(leader, standby);
                ctx.network().cut(standby, leader);
                List<List<String>> cut = List.of(List.of(leader, standby), List.of(standby, leader));
                return new SimpleFault(name(), List.of(leader, standby), Map.of("cut", cut), () -> ctx.network().heal());
            }
        };
    }

    /**
     * {@code nemesis}, and {@code readsOnly} set from {@code after} its fault is in place (its injection
     * returned) until it ends: for a workload that stops writing once the damage is done (see
     * {@link ReadsAndUniqueWrites}). Counted from the fault being in place, not from the start of the
     * injection, because a cut through a proxy container on a loaded machine can take hundreds of
     * milliseconds to apply.
     */
    static Nemesis readsOnlyAfter(Duration after, AtomicBoolean readsOnly, Nemesis nemesis) {
        return new Nemesis() {
            @Override
            public String name() {
                return nemesis.name();
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                Fault fault = nemesis.inject(ctx, random);
                Thread timer = new Thread(() -> {
                    try {
                        Thread.sleep(after.toMillis());
                        readsOnly.set(true);
                    } catch (InterruptedException e) {
                        // the fault ended first
                    }
                }, "faultline-reads-only");
                timer.setDaemon(true);
                timer.start();
                return new SimpleFault(fault.kind(), fault.nodes(), fault.details(), () -> {
                    timer.interrupt();
                    fault.end();
                    readsOnly.set(false);
                });
            }
        };
    }

    private static String leader(ChaosRun ctx) {
        return ctx.cluster().leader().orElseThrow(() -> new IllegalStateException("no leader right now"));
    }

    private static List<List<String>> components(ChaosRun ctx, String cutOff) {
        List<String> rest = new ArrayList<>(ctx.network().nodes());
        rest.remove(cutOff);
        return List.of(List.of(cutOff), rest);
    }

    private interface Ending {
        void end() throws Exception;
    }

    /** A fault whose end is a single action. */
    private record SimpleFault(String kind, List<String> nodes, Map<String, Object> details, Ending ending)
            implements Fault {
        @Override
        public void end() throws Exception {
            ending.end();
        }
    }
}
