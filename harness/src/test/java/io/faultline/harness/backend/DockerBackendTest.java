package io.faultline.harness.backend;

import static io.faultline.harness.backend.DockerTestNodes.PORT;
import static io.faultline.harness.backend.DockerTestNodes.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresDocker
class DockerBackendTest {

    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    static Path runDir;

    static String runId;
    static DockerBackend backend;
    static ProxyHost proxy;

    @BeforeAll
    static void start() throws Exception {
        runId = "backend-test-" + UUID.randomUUID().toString().substring(0, 8);
        backend = new DockerBackend(StubProxyServer.class.getName());
        proxy = backend.start(new Backend.RunInfo(runId, runDir, 4, 3));
    }

    @AfterAll
    static void close() {
        backend.close();
        DockerTestNodes.assertNothingLeftByThisJvm();
    }

    @Test
    void aNodeIsReachableAtItsDirectAddressAndLogsEachStartAfterAMarker() throws Exception {
        DockerNode node = DockerTestNodes.tickServer(backend, runDir, "reachable");
        node.start();

        await().atMost(START).ignoreExceptions().until(() -> send(node.directAddress(PORT), "incr").equals("1"));
        assertThat(node.isAlive()).isTrue();
        assertThat(node.directAddress(PORT)).startsWith("127.0.0.1:");
        assertThat(Files.readAllLines(runDir.resolve("logs/reachable.log")))
                .startsWith("---- faultline: reachable start 1 ----").contains("tick-server listening on " + PORT);
        assertThat(runDir.resolve("reachable/data/counter")).hasContent("1");
    }

    @Test
    void killRefusesThePortAndStartAgainKeepsTheData() throws Exception {
        DockerNode node = DockerTestNodes.tickServer(backend, runDir, "restarted");
        node.start();
        await().atMost(START).ignoreExceptions().until(() -> send(node.directAddress(PORT), "incr").equals("1"));
        assertThat(send(node.directAddress(PORT), "incr")).isEqualTo("2");
        String before = node.directAddress(PORT);

        node.kill();

        assertThat(node.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> refuses(before));

        node.start();

        await().atMost(START).ignoreExceptions().until(() -> send(node.directAddress(PORT), "get").equals("2"));
        assertThat(send(node.directAddress(PORT), "incr")).isEqualTo("3");
        List<String> log = Files.readAllLines(runDir.resolve("logs/restarted.log"));
        assertThat(log).containsSubsequence("---- faultline: restarted start 1 ----", "tick-server listening on " + PORT,
                "---- faultline: restarted start 2 ----", "tick-server listening on " + PORT);
        assertThat(log).filteredOn(l -> l.startsWith("tick-server")).hasSize(2);
    }

    @Test
    void pauseStopsTheTicksAndResumeLetsThemGoOn() throws Exception {
        DockerNode node = DockerTestNodes.tickServer(backend, runDir, "paused");
        node.start();
        Path log = runDir.resolve("logs/paused.log");
        await().atMost(START).until(() -> lastTick(log) > 0);

        node.pause();
        long frozen = lastTick(log);
        Thread.sleep(500); // lines already on their way may land; afterwards, none
        frozen = Math.max(frozen, lastTick(log));
        Thread.sleep(1000);

        assertThat(lastTick(log)).as("ticks while paused").isEqualTo(frozen);
        assertThatThrownBy(() -> send(node.directAddress(PORT), "ticks")).as("a paused node answers nothing").isInstanceOf(IOException.class);
        assertThat(node.isAlive()).isTrue();

        node.resume();

        long resumedAt = frozen;
        await().atMost(Duration.ofSeconds(10)).until(() -> lastTick(log) > resumedAt);
        assertThat(Long.parseLong(send(node.directAddress(PORT), "ticks"))).isGreaterThan(frozen);
    }

    @Test
    void aCommandRunsInTheJreImage() throws Exception {
        NodeSpec spec = NodeSpec.command("command", "java", "-XshowSettings:properties", "-version");
        Backend.NodeHome home = backend.home(spec, 0, runDir.resolve("command/data"), runDir.resolve("command/config"));
        BackendNode node = backend.create(spec, home, List.of(), Map.of(), runDir.resolve("logs/command.log"));
        node.start();

        await().atMost(START).until(() -> !node.isAlive());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readString(runDir.resolve("logs/command.log"))).contains("java.home = /opt/jre", "user.dir = /data"));
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
        HttpResponse<String> version = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(proxy.api().resolve("/version")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).contains("version");
        assertThat(proxy.api().getHost()).isEqualTo("127.0.0.1");

        ProxyHost.Endpoint endpoint = proxy.allocate();
        assertThat(endpoint.listen()).matches("0\\.0\\.0\\.0:200\\d\\d");
        String port = endpoint.listen().substring(endpoint.listen().indexOf(':') + 1);
        assertThat(endpoint.fromNodes()).isEqualTo("faultline-proxy:" + port);
        assertThat(endpoint.fromHost()).matches("127\\.0\\.0\\.1:\\d+");
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

    private static long lastTick(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        Matcher m = Pattern.compile("(?m)^tick (\\d+)$").matcher(Files.readString(log));
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }
}
