package io.faultline.suites.zookeeper;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.CheckResult;
import io.faultline.harness.Checker;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Event;
import io.faultline.harness.Fault;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Nemesis;
import io.faultline.harness.Node;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;

/**
 * A nemesis and a checker of a test's own, as README's "Writing a chaos test" shows them: a
 * {@code crash-node} nemesis that says, with {@link Fault#of}, that it stopped a server — so the
 * detection checker scores it as a stop, whatever its name — and a checker that the service
 * answered again after the last fault.
 */
@Tag("full")
class ZooKeeperCrashNodeChaosTest {

    @ChaosCluster
    static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

    /** SIGKILL one server, drawn from the seed; the fault ends by restarting it. */
    static Nemesis crashNode() {
        return new Nemesis() {
            @Override
            public String name() {
                return "crash-node";
            }

            @Override
            public Fault inject(ChaosRun run, Random random) throws Exception {
                List<Node> nodes = run.cluster().nodes();
                Node node = nodes.get(random.nextInt(nodes.size()));
                node.kill();
                return Fault.of("crash-node", Fault.stopped(node.name()), node::restart);
            }
        };
    }

    /** Some operation completed :ok after the last fault ended: the service came back. */
    static final Checker SERVES_AFTER_FAULTS = run -> {
        long lastEnd = run.events().stream().filter(e -> e.type().equals("fault-end")).mapToLong(Event::time).max().orElse(0);
        long ok = run.history().ops().stream().filter(op -> op.type() == OpType.OK && op.time() > lastEnd).count();
        return ok > 0
                ? CheckResult.valid("serves-after-faults", ok + " operations completed :ok after the last fault", Map.of("ok", ok))
                : CheckResult.invalid("serves-after-faults", "no operation completed :ok after the last fault ended", Map.of());
    };

    @ChaosTest
    void aCrashedServerIsScoredAsStoppedAndTheServiceComesBack(ChaosRun run) {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(2))
                .faults(Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ofMillis(1500),
                        Nemeses.settled(Duration.ofSeconds(15), "one server leads, every other follows",
                                ZooKeeperCluster::isSettled, crashNode()))
                .recovery(Duration.ofSeconds(2))
                .finalReads()
                .build();

        RunResult result = run.execute(ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory()), schedule);

        assertThat(result).isLinearizable(CasRegister.casRegister(0L)).satisfies(SERVES_AFTER_FAULTS);
        DetectionReport report = assertThat(result).detection().report();
        assertThat(report.faults()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.fault().kind()).isEqualTo("crash-node");
            assertThat(f.detections()).as("a stop is something to notice: %s", f).isNotEmpty();
            assertThat(report.mistakes()).as("suspicions of a crashed server are no mistakes")
                    .noneMatch(m -> m.start() >= f.fault().start() && (f.fault().end() == null || m.start() < f.fault().end()));
        });
    }
}
