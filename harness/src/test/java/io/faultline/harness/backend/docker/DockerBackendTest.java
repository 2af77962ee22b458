package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.BackendNode;

import io.faultline.harness.backend.ExitDuringStartScenario;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.ProxyHost;

import static io.faultline.harness.backend.docker.DockerTestNodes.PORT;
import static io.faultline.harness.backend.docker.DockerTestNodes.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node lifecycle in containers, the scenarios of ProcessBackendTest, and the proxy server's container. */
@RequiresDocker
class DockerBackendTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path runDir;

    static DockerBackend backend;
    static ProxyHost proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = new DockerBackend();
        proxy = backend.start(new Backend.RunInfo("backend-test-" + UUID.randomUUID().toString().substring(0, 8), runDir, 8, 6));
    }

    @AfterAll
    static void close() {
        backend.close();
        DockerTestNodes.assertNothingLeftByThisJvm();
    }

    @Test
    void aNodeIsReachableAtItsDirectAddressAndItsLogBeginsWithAStartMarker() throws Exception {
        DockerNode node = DockerTestNodes.counterServer(backend, runDir, "reachable");
        node.start();
        node.awaitReady(() -> answers(node), START_TIMEOUT);

        assertThat(node.directAddress(PORT)).startsWith("127.0.0.1:");
        assertThat(send(node.directAddress(PORT), "INCR")).isEqualTo("1");
        assertThat(node.isAlive()).isTrue();
        assertThat(runDir.resolve("reachable/data/counter")).as("the data directory is the host's").hasContent("1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readAllLines(runDir.resolve("logs/reachable.log"))).containsExactly(
                        "---- faultline: reachable start 1 ----", "counter-server listening on 0.0.0.0:" + PORT + " with counter 0"));
    }

    @Test
    void aNodesListeningPortsAreReadFromItsNetworkNamespace() throws Exception {
        DockerNode node = DockerTestNodes.counterServer(backend, runDir, "listening");
        assertThat(node.listeningPorts()).as("before its start").contains(Set.of());

        node.start();
        node.awaitReady(() -> answers(node), START_TIMEOUT);

        // Docker's embedded DNS listens in the namespace too, on a port of its own
        assertThat(node.listeningPorts()).hasValueSatisfying(ports -> assertThat(ports).contains(PORT));
        node.kill();
        assertThat(node.listeningPorts()).as("once killed").contains(Set.of());
    }

    @Test
    void killRefusesThePortAndStartingAgainKeepsTheData() throws Exception {
        DockerNode node = DockerTestNodes.counterServer(backend, runDir, "restarted");
        node.start();
        node.awaitReady(() -> answers(node), START_TIMEOUT);
        send(node.directAddress(PORT), "INCR");
        assertThat(send(node.directAddress(PORT), "INCR")).isEqualTo("2");
        String before = node.directAddress(PORT);

        node.kill();

        assertThat(node.isAlive()).isFalse();
        assertThat(refuses(before)).as("connecting to " + before + " after the kill is refused").isTrue();

        node.start();
        node.awaitReady(() -> answers(node), START_TIMEOUT);

        assertThat(send(node.directAddress(PORT), "INCR")).isEqualTo("3");
        // The container's output is copied to the log as Docker streams it: it may trail the answer.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readAllLines(runDir.resolve("logs/restarted.log"))).containsExactly(
                        "---- faultline: restarted start 1 ----", "counter-server listening on 0.0.0.0:" + PORT + " with counter 0",
                        "---- faultline: restarted start 2 ----", "counter-server listening on 0.0.0.0:" + PORT + " with counter 2"));
    }

    @Test
    void pauseFreezesTheNodeAndResumeLetsItGoOn() throws Exception {
        DockerNode node = DockerTestNodes.counterServer(backend, runDir, "paused");
        node.start();
        node.awaitReady(() -> answers(node), START_TIMEOUT);
        Path tick = runDir.resolve("paused/data/tick");

        node.pause();
        long frozen = Long.parseLong(Files.readString(tick));
        Thread.sleep(500);

        assertThat(Long.parseLong(Files.readString(tick))).as("ticks while paused").isEqualTo(frozen);
        assertThatThrownBy(() -> send(node.directAddress(PORT), "TICK")).as("a paused node answers nothing").isInstanceOf(IOException.class);
        assertThat(node.isAlive()).isTrue();

        node.resume();

        node.awaitReady(() -> Long.parseLong(Files.readString(tick)) > frozen, Duration.ofSeconds(10));
        assertThat(Long.parseLong(send(node.directAddress(PORT), "TICK"))).isGreaterThan(frozen);
    }

    @Test
    void aNodeOnTheTestsOwnClasspathThatExitsFailsWithItsExitCodeAndTheEndOfItsLog() throws Exception {
        ExitDuringStartScenario.run(backend, runDir, runDir.resolve("logs/broken.log"), START_TIMEOUT);
    }

    @Test
    void aCommandRunsInTheJreImage() throws Exception {
        NodeSpec spec = NodeSpec.command("command", "java", "-XshowSettings:properties", "-version");
        Backend.NodeHome home = backend.home(spec, 0, runDir.resolve("command/data"), runDir.resolve("command/config"));
        Path log = runDir.resolve("logs/command.log");
        BackendNode node = backend.create(spec, home, List.of(), Map.of(), log);
        node.start();

        assertThatThrownBy(() -> node.awaitReady(() -> false, START_TIMEOUT)).hasMessageContaining("exited with code 0");
        assertThat(Files.readString(log)).contains("java.home = /opt/jre", "user.dir = /data");
    }

    @Test
    void anImageThatIsNotPresentFailsAtOnceAndSaysNoRegistryIsReachable() throws Exception {
        NodeSpec spec = NodeSpec.image("imaged", "faultline/not-built-here:1");
        Backend.NodeHome home = backend.home(spec, 0, runDir.resolve("imaged/data"), runDir.resolve("imaged/config"));

        assertThatThrownBy(() -> backend.create(spec, home, List.of(), Map.of(), runDir.resolve("logs/imaged.log")))
                .hasMessageContaining("faultline/not-built-here:1")
                .hasMessageContaining("no registry is reachable");
    }

    @Test
    void theProxyServerAnswersThroughItsApiAndHandsOutItsPorts() throws Exception {
        proxy.awaitApi();
        HttpResponse<String> version = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(proxy.api().resolve("/version")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).contains("\"version\"");
        assertThat(proxy.api().getHost()).isEqualTo("127.0.0.1");

        ProxyHost.Endpoint client = proxy.allocateClient();
        assertThat(client.listen()).matches("0\\.0\\.0\\.0:200\\d\\d");
        String port = client.listen().substring(client.listen().indexOf(':') + 1);
        assertThat(client.fromNodes()).isEqualTo("faultline-proxy:" + port);
        assertThat(client.fromHost()).matches("127\\.0\\.0\\.1:\\d+");
        ProxyHost.Endpoint link = proxy.allocateLink();
        assertThat(link.listen()).matches("0\\.0\\.0\\.0:300\\d\\d");
        assertThat(link.fromNodes()).isEqualTo("faultline-proxy:" + link.listen().substring(link.listen().indexOf(':') + 1));
        assertThat(link.fromHost()).as("only nodes reach a link proxy: no host port").isNull();
    }

    @Test
    void theTestJvmAndOtherNodesReachANodeThroughProxiesOnTheProxyServer() throws Exception {
        DockerNode target = DockerTestNodes.peerServer(backend, runDir, "target");
        DockerNode asker = DockerTestNodes.peerServer(backend, runDir, "asker");
        target.start();
        asker.start();
        target.awaitReady(() -> send(target.directAddress(PORT), "PING").equals("PONG"), START_TIMEOUT);
        asker.awaitReady(() -> send(asker.directAddress(PORT), "PING").equals("PONG"), START_TIMEOUT);
        proxy.awaitApi();
        ToxiproxyClient client = new ToxiproxyClient(proxy.api().getHost(), proxy.api().getPort());
        ProxyHost.Endpoint fromClient = proxy.allocateClient();
        ProxyHost.Endpoint fromAsker = proxy.allocateLink();
        client.createProxy("client-target", fromClient.listen(), "target:" + PORT);
        Proxy link = client.createProxy("asker-target", fromAsker.listen(), "target:" + PORT);

        assertThat(send(fromClient.fromHost(), "PING")).isEqualTo("PONG");
        String[] viaProxy = fromAsker.fromNodes().split(":");
        assertThat(send(asker.directAddress(PORT), "TCP " + viaProxy[0] + " " + viaProxy[1])).isEqualTo("PONG");

        link.disable();

        assertThat(send(asker.directAddress(PORT), "TCP " + viaProxy[0] + " " + viaProxy[1])).startsWith("ERR");
    }

    private static boolean answers(DockerNode node) {
        try {
            return send(node.directAddress(PORT), "TICK").matches("\\d+");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean refuses(String address) {
        String[] hostPort = address.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
