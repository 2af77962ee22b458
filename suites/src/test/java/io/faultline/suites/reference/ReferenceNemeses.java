package io.faultline.suites.reference;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Node;
import io.faultline.harness.Target;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Faults for the reference suites that the built-in nemeses cannot express, and when the cluster has settled. */
final class ReferenceNemeses {
    private ReferenceNemeses() {
    }

    /** No running node suspects another: a fault on a just-restarted node would otherwise be "noticed" at once. */
    static boolean noneSuspected(ChaosRun run) {
        for (Node node : run.cluster().nodes()) {
            if (node.state() == Node.State.RUNNING
                    && !ReferenceCluster.members(node).map(m -> m.suspected().isEmpty()).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cuts the leader off from every other node, and kills it {@code killAfter} later, while clients
     * still reach it meanwhile; the fault ends by restoring its links and restarting it. What a leader
     * acknowledged in that window without a majority is lost: the others elect a leader that never saw it.
     */
    static Nemesis isolateLeaderThenKill(Duration killAfter) {
        Nemesis isolate = Nemeses.isolate(Target.leader());
        return new Nemesis() {
            @Override
            public String name() {
                return "isolate-leader-then-kill";
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                Fault isolated = isolate.inject(ctx, random);
                Node node = ctx.cluster().node(isolated.nodes().get(0));
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
                // scored as the partition it starts as; the kill comes once the others have moved on
                return Fault.of(name(), isolated.effect(), java.util.Map.of("killed-after-ms", killAfter.toMillis()), () -> {
                    killer.join();
                    isolated.end();
                    node.restart();
                });
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
                String leader = Target.leader().pick(ctx, random).get(0);
                if (leader.equals(standby)) {
                    throw new IllegalStateException("the standby " + standby + " leads; nothing to cut it from");
                }
                return Nemeses.cut(name(), new Fault.Link(leader, standby), new Fault.Link(standby, leader)).inject(ctx, random);
            }
        };
    }
}
