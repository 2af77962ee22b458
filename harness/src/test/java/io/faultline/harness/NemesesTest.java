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

        List<List<String>> components = ((Fault.Partitioned) fault.effect()).components();
        assertThat(components).hasSize(2);
        assertThat(components.get(0)).hasSize(2);
        assertThat(components.get(1)).hasSize(3);
        // every link between the halves, both ways, cut and then restored by this fault alone: no global heal
        assertThat(cluster.actions).hasSize(1).allMatch(a -> a.startsWith("partition "));
        fault.end();
        assertThat(cluster.actions.subList(1, cluster.actions.size())).hasSize(12).allMatch(a -> a.startsWith("restore "));
        assertThat(cluster.actions).doesNotContain("heal");
    }

    @Test
    void isolateLeaderAsksTheProbe() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        cluster.leader = "n2";

        Fault fault = inject(Nemeses.isolateLeader(), cluster, 3);

        assertThat(fault.kind()).isEqualTo("isolate-leader");
        assertThat(fault.nodes()).containsExactly("n2");
        assertThat(fault.effect()).isEqualTo(Fault.partitioned(List.of(List.of("n2"), List.of("n1", "n3"))));
        assertThat(cluster.actions).containsExactly("partition [[n2], [n1, n3]]");
        fault.end();
        assertThat(cluster.actions).containsExactlyInAnyOrder("partition [[n2], [n1, n3]]", "restore n2>n1", "restore n2>n3",
                "restore n1>n2", "restore n3>n2");
    }

    @Test
    void isolateLeaderWaitsForAnElectionUnderWay() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        cluster.electing = true;
        Thread elected = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            cluster.leader = "n3";
        });
        elected.start();

        Fault fault = inject(Nemeses.isolateLeader(), cluster, 3);
        elected.join();

        assertThat(fault.nodes()).containsExactly("n3");
        assertThat(cluster.actions).containsExactly("partition [[n3], [n1, n2]]");
    }

    @Test
    void aLeaderNemesisFailsNamingTheWaitWhenNoLeaderComes() {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        cluster.electing = true;

        assertThatThrownBy(() -> inject(Nemeses.isolateLeader(), cluster, 3))
                .hasMessageContaining("no leader within 5000 ms").hasMessageContaining("fake");
        assertThat(cluster.actions).isEmpty();
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

    @Test
    void targetsPickMinoritiesMajoritiesFollowersAndFixedNodes() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3", "n4", "n5");
        cluster.leader = "n3";
        Context run = new Context(cluster);

        assertThat(Target.minority().pick(run, new Random(1))).hasSize(2);
        assertThat(Target.majority().pick(run, new Random(1))).hasSize(3);
        assertThat(Target.all().pick(run, new Random(1))).hasSize(5);
        assertThat(Target.primaries().pick(run, new Random(1))).containsExactly("n3");
        for (long seed = 0; seed < 10; seed++) {
            assertThat(Target.follower().pick(run, new Random(seed))).hasSize(1).doesNotContain("n3");
        }
        assertThat(Target.nodes("n1", "n4").pick(run, new Random(1))).containsExactly("n1", "n4");
        assertThatThrownBy(() -> Target.nodes("n9").pick(run, new Random(1))).hasMessageContaining("no node n9");
        assertThat(inject(Nemeses.kill(Target.minority()), cluster, 1).effect()).isInstanceOf(Fault.Stopped.class)
                .extracting(Fault.Effect::nodes).asList().hasSize(2);
    }

    @Test
    void inTurnTakesEachNemesisInOrder() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        Nemesis turns = Nemeses.inTurn(Nemeses.kill(), Nemeses.pause(), Nemeses.isolateOne());
        List<String> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Fault f = inject(turns, cluster, i);
            kinds.add(f.kind());
            f.end();
        }
        assertThat(kinds).containsExactly("kill", "pause", "isolate", "kill", "pause", "isolate");
    }

    @Test
    void concurrentlyInjectsEachAsItsOwnFaultAndUndoesThemIfOneFails() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");

        Fault both = inject(Nemeses.concurrently(Nemeses.isolate(Target.nodes("n1")), Nemeses.kill(Target.nodes("n2"))), cluster, 1);

        assertThat(both).isInstanceOf(Fault.Together.class);
        assertThat(((Fault.Together) both).parts()).extracting(Fault::kind).containsExactly("isolate-n1", "kill-n2");

        FakeCluster other = new FakeCluster("n1", "n2", "n3");
        assertThatThrownBy(() -> inject(Nemeses.concurrently(Nemeses.kill(Target.nodes("n2")), Nemeses.killLeader()), other, 1))
                .hasMessageContaining("withLeaderProbe");
        assertThat(other.actions).containsExactly("kill n2", "restart n2");
    }

    @Test
    void settledFailsLoudlyWhenTheClusterDoesNotSettle() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        Nemesis never = Nemeses.settled(java.time.Duration.ofMillis(100), "pigs fly", run -> false, Nemeses.pause());

        Fault fault = inject(never, cluster, 1);

        assertThatThrownBy(fault::end).hasMessageContaining("the cluster did not settle (pigs fly) within PT0.1S");
        assertThat(cluster.actions).last().asString().startsWith("resume ");
    }

    @Test
    void timedSaysHowLongTheInjectionTook() throws Exception {
        Fault fault = inject(Nemeses.timed(Nemeses.isolateOne()), new FakeCluster("n1", "n2", "n3"), 1);

        assertThat(fault.details()).containsKey("inject-ms");
        assertThat(fault.effect()).isInstanceOf(Fault.Partitioned.class);
    }

    @Test
    void twoPartitionsOfDifferentLinksRestoreOnlyTheirOwn() throws Exception {
        FakeCluster cluster = new FakeCluster("n1", "n2", "n3");
        Fault a = inject(Nemeses.cut("cut-n1-n2", new Fault.Link("n1", "n2"), new Fault.Link("n2", "n1")), cluster, 1);
        Fault b = inject(Nemeses.cut("cut-n2-n3", new Fault.Link("n2", "n3"), new Fault.Link("n3", "n2")), cluster, 1);

        a.end();

        assertThat(cluster.actions).containsExactly("cut n1>n2", "cut n2>n1", "cut n2>n3", "cut n3>n2", "restore n1>n2", "restore n2>n1");
        b.end();
        assertThat(cluster.actions).endsWith("restore n2>n3", "restore n3>n2");
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
        public RunResult execute(Workload workload, Schedule schedule, Expect... relaxed) {
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
