package io.faultline.suites;

import io.faultline.harness.ChaosRun;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Faults aimed at a follower, the counterparts of {@code Nemeses.killLeader()} and
 * {@code isolateLeader()}: a node other than the one the leader probe names, drawn from the seeded
 * random source. The detection checker reads a kill from the kind's first word, and a partition
 * from its components.
 */
public final class FollowerNemeses {
    private FollowerNemeses() {
    }

    /** SIGKILL a follower; the fault ends by restarting it. */
    public static Nemesis killFollower() {
        return nodeFault("kill-follower", Node::kill, Node::restart);
    }

    /** Cut a follower off from every other node; the fault ends by healing the network. */
    public static Nemesis isolateFollower() {
        return new Nemesis() {
            @Override
            public String name() {
                return "isolate-follower";
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) {
                String follower = follower(ctx, random);
                List<String> rest = new ArrayList<>(ctx.network().nodes());
                rest.remove(follower);
                ctx.network().partition(List.of(List.of(follower)));
                return new TargetedFault("isolate-follower", follower, Map.of("components", List.of(List.of(follower), rest)),
                        () -> ctx.network().heal());
            }
        };
    }

    private interface Action {
        void apply(Node node) throws Exception;
    }

    private interface Ending {
        void end() throws Exception;
    }

    private record TargetedFault(String kind, String node, Map<String, Object> details, Ending ending) implements Fault {
        @Override
        public List<String> nodes() {
            return List.of(node);
        }

        @Override
        public void end() throws Exception {
            ending.end();
        }
    }

    private static Nemesis nodeFault(String kind, Action inject, Action end) {
        return new Nemesis() {
            @Override
            public String name() {
                return kind;
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                Node node = ctx.cluster().node(follower(ctx, random));
                inject.apply(node);
                return new TargetedFault(kind, node.name(), Map.of(), () -> end.apply(node));
            }
        };
    }

    private static String follower(ChaosRun ctx, Random random) {
        String leader = ctx.cluster().leader().orElseThrow(() -> new IllegalStateException("no leader right now, so no follower"));
        List<String> followers = new ArrayList<>(ctx.network().nodes());
        followers.remove(leader);
        return followers.get(random.nextInt(followers.size()));
    }
}
