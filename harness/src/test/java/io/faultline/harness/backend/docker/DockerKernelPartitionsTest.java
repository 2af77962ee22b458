package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.KernelCutScenario;

import static io.faultline.harness.backend.docker.DockerTestNodes.PORT;
import static io.faultline.harness.backend.docker.DockerTestNodes.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two PeerServer containers asking each other over TCP and UDP, with kernel cuts between them (the
 * same {@link KernelCutScenario} as the process backend's, and what is Docker's own: a cut holds
 * across a restart of the node).
 */
@RequiresDocker
class DockerKernelPartitionsTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path runDir;

    static DockerBackend backend;
    static DockerNode a;
    static DockerNode b;

    @BeforeAll
    static void start() throws Exception {
        backend = new DockerBackend();
        backend.start(new Backend.RunInfo("partitions-test-" + UUID.randomUUID().toString().substring(0, 8), runDir, 2, 0));
        a = DockerTestNodes.peerServer(backend, runDir, "a");
        b = DockerTestNodes.peerServer(backend, runDir, "b");
        a.start();
        b.start();
        a.awaitReady(() -> ask(a, "UDP b").equals("PONG"), START_TIMEOUT);
        b.awaitReady(() -> ask(b, "TCP a").equals("PONG"), START_TIMEOUT);
    }

    @AfterAll
    static void close() {
        backend.close();
        DockerTestNodes.assertNothingLeftByThisJvm();
    }

    @Test
    void aCutDropsWhatOneNodeSendsTheOtherAndHealingRestoresIt() throws Exception {
        backend.cut("a", "b");

        assertThat(ask(a, "UDP b")).startsWith("ERR");
        assertThat(ask(a, "TCP b")).startsWith("ERR");
        assertThat(ask(b, "UDP a")).as("b's pings reach a; a's answers are dropped").startsWith("ERR");

        backend.heal("a", "b");

        assertThat(ask(a, "UDP b")).isEqualTo("PONG");
        assertThat(ask(a, "TCP b")).isEqualTo("PONG");
    }

    @Test
    void aCutCarriesNothingOneWayStallsHeldConnectionsAndHeals() throws Exception {
        KernelCutScenario scenario = new KernelCutScenario(backend,
                (node, command) -> send((node.equals("a") ? a : b).directAddress(PORT), command), name -> name, PORT);

        scenario.aCutCarriesNothingOneWayStallsAndHeals("a", "b");
    }

    @Test
    void aCutHoldsAcrossARestartOfTheNodeItProtects() throws Exception {
        backend.cut("a", "b");
        b.kill();
        b.start();
        b.awaitReady(() -> send(b.directAddress(PORT), "PING").equals("PONG"), START_TIMEOUT);

        assertThat(ask(a, "UDP b")).startsWith("ERR");

        backend.healAll();

        a.awaitReady(() -> ask(a, "UDP b").equals("PONG"), Duration.ofSeconds(10));
    }

    /** Has {@code node} ask a peer: {@code "UDP b"} sends {@code PING} to b over UDP. */
    private static String ask(DockerNode node, String protocolAndPeer) throws Exception {
        return send(node.directAddress(PORT), protocolAndPeer + " " + PORT);
    }
}
