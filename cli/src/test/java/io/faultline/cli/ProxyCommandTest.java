package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code faultline proxy} runs the Toxiproxy-compatible server on its own, as toxiproxy-server would. */
class ProxyCommandTest {

    @Test
    void servesTheToxiproxyApiOnTheGivenPortUntilKilled() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process server = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Faultline.class.getName(), "proxy", "--port", Integer.toString(port)))
                .redirectErrorStream(true).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest version = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version")).build();
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(http.send(version, HttpResponse.BodyHandlers.ofString()).body())
                            .isEqualTo("{\"version\": \"2.12.0\"}\n"));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/proxies"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"db\",\"upstream\":\"127.0.0.1:9\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("\"listen\":\"127.0.0.1:");
        } finally {
            server.destroyForcibly().waitFor();
        }
    }
}
