package io.faultline.harness.backend;

import static io.faultline.harness.backend.DockerTestNodes.PORT;
import static io.faultline.harness.backend.DockerTestNodes.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two TickServer containers asking each other over TCP and UDP, with kernel cuts between them. */
@RequiresDocker
class DockerKernelPartitionsTest {

    @TempDir
    static Path runDir;

    static String runId;
    static DockerBackend backend;
    static DockerNode a;
    static DockerNode b;

    @BeforeAll
    static void start() throws Exception {
        runId = "partitions-test-" + UUID.randomUUID().toString().substring(0, 8);
        backend = new DockerBackend(StubProxyServer.class.getName());
        backend.start(new Backend.RunInfo(runId, runDir, 2, 0));
        a = DockerTestNodes.tickServer(backend, runDir, "a");
        b = DockerTestNodes.tickServer(backend, runDir, "b");
        a.start();
        b.start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> askB("udp").equals("pong") && askB("tcp").matches("\\d+"));
    }

    @AfterAll
    static void close() {
        backend.close();
        DockerTestNodes.assertNothingLeftByThisJvm();
    }

    @Test
    void aCutDropsUdpAndTcpOneWayAndHealingRestoresThem() throws Exception {
        backend.cut("a", "b");

        assertThat(askB("udp")).startsWith("error");
        assertThat(askB("tcp")).startsWith("error");
        assertThat(send(b.directAddress(PORT), "udp a " + PORT)).as("b's pings reach a, a's answers are dropped").startsWith("error");

        backend.heal("a", "b");

        assertThat(askB("udp")).isEqualTo("pong");
        assertThat(askB("tcp")).matches("\\d+");
    }

    @Test
    void aCutHoldsAcrossARestartOfTheNodeItProtects() throws Exception {
        backend.cut("a", "b");
        b.kill();
        b.start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> send(b.directAddress(PORT), "ticks").matches("\\d+"));

        assertThat(askB("udp")).startsWith("error");

        backend.healAll();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> askB("udp").equals("pong"));
    }

    /** a asks b: {@code udp} pings it, {@code tcp} asks it for its ticks. */
    private static String askB(String protocol) throws Exception {
        return send(a.directAddress(PORT), protocol.equals("udp") ? "udp b " + PORT : "tcp b " + PORT + " ticks");
    }
}
