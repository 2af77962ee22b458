package io.faultline.suites.reference;

import io.faultline.checkers.history.HistoryException;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Expect;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Node;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.reference.ReferenceConfig.Recovery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * For each recovery strategy (catch-up, standby, hybrid), the leader is killed, paused, cut off, and —
 * where there is a standby — killed and then the standby too while it stands for election. Writes are
 * of values never written before, so a read shows a lost acknowledged write ({@link LostWrites}; the
 * full linearizability search runs out of memory on the hundreds of indeterminate writes a fault
 * without quorum leaves);
 * the nodes' role lines and the history give each fault's time to a new leader, each client's
 * unavailability, what failed meanwhile and when the old leader was back ({@link RecoveryMatrix},
 * written to {@code target/faultline/recovery-matrix.md}).
 *
 * <p>The default profile injects each fault once into the hybrid strategy, the one with both paths
 * (standby first, voters a timeout later), and asserts the bounds below, in about half a minute; the
 * {@code soak} test of each strategy injects each {@value #SOAK_FAULTS} times and asserts the same
 * bounds on every fault, for the intervals.
 */
class ReferenceRecoveryMatrixTest {
    static final int SOAK_FAULTS = 30;
    static final Duration FAULT = Duration.ofSeconds(2);
    /** A fault, then long enough for the old leader to come back and settle before the next. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** How long after a fault's start a new leader may come, or after its end clients and the old leader may take. */
    static final Duration BOUND = Duration.ofSeconds(6);
    static final String STANDBY = "n3";
    static final String FILE = "recovery-matrix.md";
    static final String KILL_LEADER_THEN_STANDBY = "kill-leader-then-standby";
    static final String REGENERATE = "mvn -B -Pchaos -pl suites -am verify -Dtest='ReferenceRecoveryMatrixTest*'"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.backend=process (-Pchaos,chaos-soak: 30 of each fault)";

    static final ReferenceConfig CATCHUP = ReferenceConfig.defaults();
    static final ReferenceConfig STANDBY_ONLY = ReferenceConfig.defaults().withStandby(STANDBY);
    static final ReferenceConfig HYBRID = ReferenceConfig.defaults().withRecovery(Recovery.HYBRID).withStandby(STANDBY);

    /** The faults of a leader, for this strategy: what their faults' kinds are. */
    static List<Nemesis> leaderFaults(ReferenceConfig config) {
        List<Nemesis> faults = new ArrayList<>(List.of(Nemeses.killLeader(), Nemeses.pauseLeader(), Nemeses.isolateLeader()));
        if (config.standby() != null) {
            faults.add(killLeaderThenStandby(config.detectorTimeout().plusMillis(200)));
        }
        return faults;
    }

    /**
     * The next fault of a leader needs one: each waits, once ended, until the cluster has a leader
     * again, and before it strikes, until there is one (on a loaded machine a leader can lose its
     * term to a late heartbeat between two faults).
     */
    static List<Nemesis> faults(ReferenceConfig config) {
        return leaderFaults(config).stream()
                .map(f -> Nemeses.settled(BOUND, "a leader", ReferenceRecoveryMatrixTest::led,
                        Nemeses.awaiting(BOUND, ReferenceRecoveryMatrixTest::led, f)))
                .toList();
    }

    private static boolean led(ChaosRun run) {
        return run.cluster().leader().isPresent();
    }

    static Schedule schedule(ReferenceConfig config, int each) {
        Schedule.Builder b = Schedule.builder().warmUp(Duration.ofSeconds(2));
        for (Nemesis fault : faults(config)) {
            // Two nodes restarted one after the other, each waited for, do not fit in one interval: in a
            // soak of 5 s intervals only 28 of 30 such faults fitted the window.
            Duration interval = fault.name().equals(KILL_LEADER_THEN_STANDBY) ? INTERVAL.plus(FAULT) : INTERVAL;
            // One phase per fault, so that each kind gets exactly its count even when restarts under
            // load make a fault outlast its interval (in one phase of 30 intervals, 22 kills fitted).
            for (int i = 0; i < each; i++) {
                b.faults(interval, interval, FAULT, fault);
            }
            b.heal().recovery(Duration.ofSeconds(1));
        }
        return b.finalReads().build();
    }

    static void measure(ChaosRun run, ReferenceConfig config, int each) throws HistoryException {
        Workload workload = PlantedBugs.workload(PlantedBugs.THROUGHOUT);
        // The soak relaxes a fault that found no leader to strike (at load 80 a leader can lose its term
        // to a late heartbeat and no successor be elected within the wait): it is counted, not measured.
        Expect[] relaxed = each > 1 ? new Expect[] {Expect.failedFaults()} : new Expect[0];
        RunResult result = run.execute(workload, schedule(config, each), relaxed);
        List<String> kinds = leaderFaults(config).stream().map(Nemesis::name).toList();
        String strategy = config.recovery().name().toLowerCase(Locale.ROOT);
        List<RecoveryMatrix.Measurement> measured = RecoveryMatrix.record(strategy, result, kinds, workload.processes());
        measured.forEach(m -> System.out.println("faultline: " + strategy + ": " + m));
        Assertions.assertThat(LostWrites.in(result.history())).as("acknowledged writes lost in %s", result.directory()).isEmpty();
        Set<Object> started = result.events().stream().filter(e -> e.type().equals("fault-start"))
                .map(e -> e.fields().get("id")).collect(Collectors.toSet());
        long notInjected = result.events().stream()
                .filter(e -> e.type().equals("fault-error") && !started.contains(e.fields().get("id"))).count();
        System.out.println("faultline: " + strategy + ": " + notInjected + " leader faults found no leader to strike");
        Assertions.assertThat(measured.size() + notInjected).as("faults measured or not injected in %s", result.directory())
                .isEqualTo(kinds.size() * each);
        for (RecoveryMatrix.Measurement m : measured) {
            String where = m + " in " + result.directory();
            // With two nodes down there is no majority until a restarted one is up (a JVM start, which
            // took up to 5 s at load 80) and has stood through its safety net (3T-4T): twice the bound.
            Duration bound = m.kind().equals(KILL_LEADER_THEN_STANDBY) ? BOUND.multipliedBy(2) : BOUND;
            Assertions.assertThat(m.toNewLeader()).as("a new leader after %s", where).isNotNull()
                    .isLessThan(FAULT.plus(bound));
            Assertions.assertThat(m.rejoin()).as("the old leader following again after %s", where).isNotNull()
                    .isLessThan(bound);
            Assertions.assertThat(m.longestUnavailable()).as("every client served again after %s", where).isNotNull()
                    .isLessThan(FAULT.plus(bound));
        }
    }

    /**
     * Kills the leader, then, {@code after} later (the standby has suspected it and stands), the
     * standby — or, when the standby itself leads, the other voter; the fault ends by restarting both.
     */
    static Nemesis killLeaderThenStandby(Duration after) {
        return new Nemesis() {
            @Override
            public String name() {
                return KILL_LEADER_THEN_STANDBY;
            }

            @Override
            public Fault inject(ChaosRun ctx, Random random) throws Exception {
                String leader = ctx.cluster().leader().orElseThrow(() -> new IllegalStateException("no leader right now"));
                String second = !leader.equals(STANDBY) ? STANDBY
                        : ctx.network().nodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
                Node first = ctx.cluster().node(leader);
                Node then = ctx.cluster().node(second);
                first.kill();
                Thread.sleep(after.toMillis());
                then.kill();
                return Fault.of(name(), Fault.stopped(leader, second), Map.of("second-killed-after-ms", after.toMillis()),
                        () -> {
                            first.restart();
                            then.restart();
                        });
            }
        };
    }

    @AfterAll
    static void writeTheMatrix() {
        if (RecoveryMatrix.isEmpty()) {
            return;
        }
        String table = RecoveryMatrix.table() + "\nMeasured " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + " on the " + System.getProperty("faultline.backend", "default") + " backend; load average (1 / 5 / 15 min) "
                + MachineLoad.now() + " when the last run ended. Regenerate: `" + REGENERATE + "`\n";
        Path file = RecoveryMatrix.write(Path.of(System.getProperty("faultline.dir", "target/faultline"), FILE), table);
        System.out.println("faultline: the recovery matrix, in " + file + ":\n\n" + table);
    }

    @Nested
    class CatchUp {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, CATCHUP);

        @ChaosTest
        @Tag("soak")
        void eachLeaderFaultThirtyTimes(ChaosRun run) throws HistoryException {
            measure(run, CATCHUP, SOAK_FAULTS);
        }
    }

    @Nested
    class Standby {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, STANDBY_ONLY);

        @ChaosTest
        @Tag("soak")
        void eachLeaderFaultThirtyTimes(ChaosRun run) throws HistoryException {
            measure(run, STANDBY_ONLY, SOAK_FAULTS);
        }
    }

    @Nested
    class Hybrid {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, HYBRID);

        @ChaosTest
        void eachLeaderFaultOnce(ChaosRun run) throws HistoryException {
            measure(run, HYBRID, 1);
        }

        @ChaosTest
        @Tag("soak")
        void eachLeaderFaultThirtyTimes(ChaosRun run) throws HistoryException {
            measure(run, HYBRID, SOAK_FAULTS);
        }
    }
}
