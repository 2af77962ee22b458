package com.example.register;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Event;
import io.faultline.harness.HealthCheck;
import io.faultline.harness.Invocation;
import io.faultline.harness.Nemeses;
import io.faultline.harness.NodeSpec;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The register stays linearizable while nodes are killed, paused and partitioned away, and the
 * majority side keeps answering. Three nodes run {@link RegisterNode} from this project's classes;
 * each reaches its peers through {@code ctx.peer(...)}, the proxy of that link, which is what lets
 * Faultline cut any link.
 */
class RegisterChaosTest {
    private static final String PEER_PORT = "peer";

    @ChaosCluster
    static final ClusterSpec REGISTER = ClusterSpec.of("register", 3, i -> NodeSpec.javaMain("n" + (i + 1), RegisterNode.class.getName())
            .withJvmArgs("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .withPeerPort(PEER_PORT, 7300)
            .withClientPort(RegisterClient.CLIENT_PORT, 7400)
            .withFile("node.properties", ctx -> String.join("\n",
                    "name=" + ctx.name(),
                    "bind=" + ctx.bindHost(),
                    "peer.port=" + ctx.port(PEER_PORT),
                    "client.port=" + ctx.port(RegisterClient.CLIENT_PORT),
                    "peers=" + ctx.nodes().stream().filter(n -> !n.equals(ctx.name()))
                            .map(n -> ctx.peer(n, PEER_PORT)).collect(Collectors.joining(",")),
                    "data.dir=" + ctx.dataDir(), ""))
            .withArgs(ctx -> List.of(ctx.file("node.properties")))
            .withHealthCheck(HealthCheck.tcp(RegisterClient.CLIENT_PORT)));

    @ChaosTest
    void staysLinearizableThroughKillsPausesAndPartitions(ChaosRun run) {
        Workload workload = Workload.of(RegisterClient.factory(),
                        (random, process, now) -> random.nextBoolean()
                                ? Invocation.of("read", null)
                                : Invocation.of("write", (long) random.nextInt(5)))
                .withProcesses(3)
                .withRate(60)
                .withOpTimeout(Duration.ofSeconds(2))
                .withFinalRead(Invocation.of("read", null));
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(2))
                .faults(Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofMillis(1500),
                        Nemeses.kill(), Nemeses.pause(), Nemeses.partitionRandomHalves())
                .heal()
                .recovery(Duration.ofSeconds(2))
                .finalReads()
                .build();

        RunResult result = run.execute(workload, schedule);

        assertThat(result).isLinearizable(CasRegister.register(0L));
        // A history of nothing but failures is linearizable too: the register must have worked.
        assertThat(result.history().ops()).as("reads and writes that succeeded, in %s", result.directory())
                .filteredOn(op -> op.type() == OpType.OK)
                .extracting(Op::f)
                .contains("read", "write")
                .hasSizeGreaterThan(100);
        // And it must have been tested: every scheduled fault injected, none that could not be.
        assertThat(result.events()).as("faults injected, in %s", result.directory())
                .filteredOn(e -> e.type().equals("fault-start"))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(result.events()).extracting(Event::type).doesNotContain("fault-error");
    }
}
