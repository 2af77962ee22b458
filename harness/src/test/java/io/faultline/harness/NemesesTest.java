package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NemesesTest {

    private static Fault inject(Nemesis nemesis, FakeCluster cluster, long seed) throws Exception {
        return nemesis.inject(new Context(cluster), new Random(seed));
    }

    @Test
    void killKillsOneNodeAndEndsByRestartingIt() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");

        Fault fault = inject(Nemeses.kill(), cluster, 1);

        assertThat(fault.kind()).isEqualTo("kill");
        assertThat(fault.nodes()).hasSize(1);
        assertThat(cluster.actions).containsExactly("kill " + fault.nodes().get(0));
        fault.end();
        assertThat(cluster.actions).last().isEqualTo("restart " + fault.nodes().get(0));
    }

    @Test
    void theSameSeedDrawsTheSameTargets() throws Exception {
        for (long seed = 0; seed < 20; seed++) {
            FakeCluster a = new FakeCluster("n1", "n2", "n3", "n4", "n5");
            FakeCluster b = new FakeCluster("n1", "n2", "n3", "n4", "n5");
            inject(Nemeses.partitionRandomHalves(), a, seed);
            inject(Nemeses.partitionRandomHalves(), b, seed);
            assertThat(a.actions).isEqualTo(b.actions);
        }
    }

    @Test
    void randomHalvesLeaveAMinorityAndAMajority() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3", "n4", "n5");

        Fault fault = inject(Nemeses.partitionRandomHalves(), cluster, 7);

        @SuppressWarnings("unchecked")
        List<List<String>> components = (List<List<String>>) fault.details().get("components");
        assertThat(components).hasSize(2);
        assertThat(components.get(0)).hasSize(2);
        assertThat(components.get(1)).hasSize(3);
        fault.end();
        assertThat(cluster.actions).last().isEqualTo("heal");
    }

    @Test
    void isolateLeaderAsksTheProbe() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        cluster.leader = "n2";

        Fault fault = inject(Nemeses.isolateLeader(), cluster, 3);

        assertThat(fault.nodes()).containsExactly("n2");
        assertThat(cluster.actions).containsExactly("partition [[n2]]");
    }

    @Test
    void aLeaderNemesisWithoutAProbeSaysHowToAddOne() {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");

        assertThatThrownBy(() -> inject(Nemeses.killLeader(), cluster, 1)).hasMessageContaining("withLeaderProbe");
    }

    @Test
    void aMajoritiesRingLeavesEveryNodeAMajorityButNoTwoTheSame() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3", "n4", "n5");

        inject(Nemeses.majoritiesRing(), cluster, 11);

        // each node loses its links to the two nodes across the ring, both ways
        assertThat(cluster.actions).hasSize(10).allMatch(a -> a.startsWith("cut "));
        for (String node : cluster.nodes.keySet()) {
            long lost = cluster.actions.stream().filter(a -> a.startsWith("cut " + node + ">")).count();
            assertThat(lost).as(node).isEqualTo(2);
        }
    }

    @Test
    void aBridgeCutsTheHalvesButNotTheBridgeNode() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3", "n4", "n5");

        Fault fault = inject(Nemeses.bridge(), cluster, 5);

        String bridge = (String) fault.details().get("bridge");
        assertThat(cluster.actions).hasSize(8).noneMatch(a -> a.contains(bridge));
    }

    @Test
    void aOneWayCutCutsOneDirection() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");

        Fault fault = inject(Nemeses.oneWay(), cluster, 2);

        assertThat(cluster.actions).containsExactly("cut " + fault.details().get("from") + ">" + fault.details().get("to"));
    }

    private record Context(FakeCluster cluster) implements ChaosRun {
        @Override
        public RunClock clock() {
            return RunClock.start();
        }

        @Override
        public void record(Event event) {
        }

        // a nemesis sees the cluster, its network, the clock and the recorder; nothing else of the run
        @Override
        public long seed() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String backend() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Duration bootTime() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.file.Path directory() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String rerunCommand() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunResult execute(Workload workload, Schedule schedule) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.faultline.checkers.history.History history() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.List<Event> events() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
