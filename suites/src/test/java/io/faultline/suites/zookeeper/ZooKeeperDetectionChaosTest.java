package io.faultline.suites.zookeeper;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.detection.FaultDetection;
import io.faultline.checkers.detection.Mistake;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.DetectionAssert;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;

/**
 * How fast ZooKeeper's own failure detection notices a leader or a follower that crashes or is cut
 * off, as {@link ZooKeeperDetectionProbe} reads it, and how long service and membership take to come
 * back. One fault of each kind; after each, the schedule waits until the ensemble has settled again
 * (one leader, the others following) and a little more; the figures go to
 * {@code target/faultline/zookeeper-detection.md}.
 *
 * <p>The bound follows from the rendered {@code zoo.cfg}: a leader and its followers give up on each
 * other after syncLimit × tickTime without a packet, so a cut-off peer is noticed about that long
 * after the cut is complete, and a killed one at once (its connections close). Twice that, plus the
 * time the injection itself took (a partition is link after link of API calls), is the limit.
 *
 * <p>Mistaken suspicions are reported, not forbidden: after a fault, a follower that dials a newly
 * elected leader a few milliseconds before it listens is accepted by the link's proxy and then hung
 * up on, where a direct dial would be refused and retried; ZooKeeper does not retry that, so the
 * follower goes back to looking and may stay out of the ensemble, suspected by the leader though up
 * and reachable, until a third server confirms the leader. The figures count these turn-aways.
 */
@Tag("full")
class ZooKeeperDetectionChaosTest {

    @ChaosCluster
    static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

    private static final List<Nemesis> FAULTS = List.of(
            Nemeses.kill(Target.follower()), Nemeses.isolate(Target.follower()),
            Nemeses.killLeader(), Nemeses.isolateLeader());
    private static final Duration FAULT = Duration.ofMillis(1500);
    /** How long the ensemble may take to elect a leader and take every server back after a fault. */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    /** After the ensemble has settled again: long enough for the probe to see everyone trusted. */
    private static final Duration QUIET = Duration.ofMillis(300);

    @ChaosTest
    void leaderAndFollowerCrashesAndPartitionsAreNoticedWithinTwiceSyncLimitTicks(ChaosRun run) throws IOException {
        Schedule.Builder schedule = Schedule.builder().warmUp(Duration.ofMillis(500));
        for (Nemesis fault : FAULTS) {
            schedule.faults(FAULT, FAULT, FAULT, Nemeses.timed(Nemeses.settled(SETTLE, "one server leads, every other follows",
                    ZooKeeperCluster::isSettled, fault))).recovery(QUIET);
        }
        schedule.heal().finalReads();

        RunResult result = run.execute(ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory())
                .withProcesses(3).withRate(100), schedule.build());

        Properties cfg = zooCfg(run.directory());
        Duration timeout = Duration.ofMillis(Long.parseLong(cfg.getProperty("syncLimit")) * Long.parseLong(cfg.getProperty("tickTime")));
        DetectionAssert detection = assertThat(result).detection();
        DetectionReport report = detection.report();
        System.out.println(DetectionFigures.write(report, result, cfg));

        assertThat(report.faults()).extracting(f -> f.fault().kind()).as("faults injected")
                .containsExactlyElementsOf(FAULTS.stream().map(Nemesis::name).toList());
        detection.max().isLessThan(timeout.multipliedBy(2).plus(DetectionFigures.longestInjection(result)));
        for (FaultDetection fault : report.faults()) {
            // ZooKeeper followers never watch each other: of a follower's fault, the other follower knows nothing
            int unwatched = fault.fault().kind().endsWith("-follower") ? 1 : 0;
            assertThat(fault.undetected()).as("observers that never noticed %s", fault.fault()).isEqualTo(unwatched);
            assertThat(fault.toFirstOk()).as("service back after %s", fault.fault()).isNotNull();
            assertThat(fault.toFullMembership()).as("membership back after %s", fault.fault()).isNotNull();
        }
        assertThat(report.mistakes()).as("mistaken suspicions still held when the run ended").noneMatch(Mistake::open);
    }

    private static Properties zooCfg(Path run) throws IOException {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve("nodes/zk1/config/zoo.cfg"))) {
            cfg.load(in);
        }
        return cfg;
    }
}
