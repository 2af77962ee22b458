package io.faultline.harness.backend.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.harness.NetworkMode;
import io.faultline.harness.NodeSpec;
import io.faultline.harness.backend.Backend.NodeHome;
import io.faultline.harness.backend.Backend.RunInfo;
import io.faultline.harness.backend.KernelCutScenario;
import io.faultline.harness.backend.Observe;
import io.faultline.harness.backend.PeerServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KERNEL mode in the process backend, through the backend itself: two {@link PeerServer} processes
 * on the run's own loopback addresses, cut and healed by {@link ProcessBackend}'s nftables table, as
 * a run's nemesis cuts them ({@link KernelCutScenario}), whatever address they dial from. Needs root
 * (or CAP_NET_ADMIN), nft and a cgroup2 mount, as CI has; without them the backend refuses to start a KERNEL-mode run, and this test fails.
 */
class ProcessKernelCutsTest {
    private static final int PORT = 7000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path runsDirectory;

    @TempDir
    Path runDir;

    private ProcessBackend backend;
    private String table;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("TOXIPROXY_URL");
        backend = new ProcessBackend(env, runsDirectory, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String runId = "kernel-cuts-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        backend.start(new RunInfo(runId, runDir, 2, 0, NetworkMode.KERNEL));
        table = LoopbackPacketFilter.tableName(runId, ProcessHandle.current().pid());
    }

    @AfterEach
    void close() {
        backend.close();
        assertThat(LoopbackPacketFilter.tables()).as("the run's nftables table after close").doesNotContain(table);
        assertThat(NodeCgroups.names()).as("the run's cgroups after close").doesNotContain(table);
    }

    /**
     * Nodes that dial from their own address, and nodes that dial from 127.0.0.1 while they listen on
     * their own, as etcd does: cuts must reach both, for they know a sender by its cgroup.
     */
    @ParameterizedTest(name = "nodes dial from {0}")
    @ValueSource(strings = {"their own address", "127.0.0.1"})
    void aCutBetweenTwoNodesCarriesNothingOneWayStallsConnectionsAndHeals(String dialFrom) throws Exception {
        ProcessNode a = peerServer("a", 0, dialFrom);
        ProcessNode b = peerServer("b", 1, dialFrom);
        Map<String, String> addresses = backend.addresses();
        KernelCutScenario scenario = new KernelCutScenario(backend,
                (node, command) -> Observe.ask(addresses.get(node) + ":" + PORT, command), addresses::get, PORT);

        scenario.aCutCarriesNothingOneWayStallsAndHeals("a", "b");

        assertThat(LoopbackPacketFilter.tables()).as("the run's table stays until close").contains(table);
        assertThat(a.isAlive() && b.isAlive()).isTrue();
    }

    @Test
    void droppingConnectionsResetsThoseEitherNodeOpenedFromAnyAddress() throws Exception {
        peerServer("a", 0, "127.0.0.1");
        peerServer("b", 1, "127.0.0.1");
        Map<String, String> addresses = backend.addresses();
        KernelCutScenario.Asker ask = (node, command) -> Observe.ask(addresses.get(node) + ":" + PORT, command);
        assertThat(ask.ask("a", "OPEN " + addresses.get("b") + " " + PORT + " a")).isEqualTo("OK");
        assertThat(ask.ask("b", "OPEN " + addresses.get("a") + " " + PORT + " b")).isEqualTo("OK");
        await("both held connections open at both ends").atMost(Duration.ofSeconds(5))
                .until(() -> ask.ask("b", "HELD a").equals("OPEN") && ask.ask("a", "HELD b").equals("OPEN"));

        backend.dropConnections("a", "b");

        await("every end of both connections closed").atMost(Duration.ofSeconds(5)).until(() ->
                ask.ask("a", "HELD " + addresses.get("b")).startsWith("CLOSED") && ask.ask("b", "HELD a").startsWith("CLOSED")
                        && ask.ask("b", "HELD " + addresses.get("a")).startsWith("CLOSED") && ask.ask("a", "HELD b").startsWith("CLOSED"));
        assertThat(ask.ask("a", "TCP " + addresses.get("b") + " " + PORT)).as("a new connection after the drop").isEqualTo("PONG");
    }

    private ProcessNode peerServer(String name, int index, String dialFrom) throws Exception {
        NodeSpec spec = NodeSpec.javaMain(name, PeerServer.class.getName()).withPort("main", PORT);
        NodeHome home = backend.home(spec, index, runDir.resolve(name + "/data"), runDir.resolve(name + "/config"));
        String dialHost = dialFrom.startsWith("127.") ? dialFrom : home.bindHost();
        ProcessNode node = (ProcessNode) backend.create(spec, home, List.of(Integer.toString(PORT), home.bindHost(), dialHost), Map.of(),
                runDir.resolve(name + ".log"));
        node.start();
        node.awaitReady(Observe.listening(node.directAddress(PORT)), START_TIMEOUT);
        return node;
    }
}
