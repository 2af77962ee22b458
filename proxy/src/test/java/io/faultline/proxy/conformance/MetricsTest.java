package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.proxy.conformance.RawApi.Response;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} (spec §2.2): only served with {@code -proxy-metrics}, a flag of the server's command
 * line, so that server runs as {@code toxiproxy-server} would: in its own JVM, started here and
 * stopped at the end. Its output goes to target/metrics-server.log.
 */
class MetricsTest extends ConformanceSupport {
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @Test
    void metricsAreNotRoutedWithoutTheFlag() {
        assertThat(api.get("/metrics").status()).isEqualTo(404);
    }

    @Test
    void a52_fiveBytesThroughALinkAreCountedReceivedAndSentWithTheirLabels() throws Exception {
        int apiPort = Loopback.unusedPort();
        Process server = startServerWithProxyMetrics(apiPort);
        try {
            RawApi metricsApi = new RawApi(Loopback.HOST, apiPort);
            await("the -proxy-metrics server to answer on " + apiPort).atMost(Duration.ofSeconds(20))
                    .ignoreExceptions().until(() -> metricsApi.get("/version").status() == 200);
            String upstream = net.echoServer().address();
            Proxy proxy = new ToxiproxyClient(Loopback.HOST, apiPort).createProxy("metered", "127.0.0.1:0", upstream);

            try (var s = net.connect(port(proxy))) {
                Loopback.roundTrip(s, "12345".getBytes(StandardCharsets.US_ASCII));
            }

            Map<String, String> labels = Map.of("direction", "upstream", "listener", proxy.getListen(),
                    "proxy", "metered", "upstream", upstream);
            Map<String, String> downstream = new TreeMap<>(labels);
            downstream.put("direction", "downstream");
            await("byte counters of the finished connection").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Response r = metricsApi.get("/metrics");
                assertThat(r.status()).isEqualTo(200);
                List<Sample> samples = parse(r.body());
                assertThat(samples).contains(
                        new Sample("toxiproxy_proxy_received_bytes_total", new TreeMap<>(labels), 5),
                        new Sample("toxiproxy_proxy_sent_bytes_total", new TreeMap<>(labels), 5),
                        new Sample("toxiproxy_proxy_received_bytes_total", downstream, 5),
                        new Sample("toxiproxy_proxy_sent_bytes_total", downstream, 5));
            });
            Response r = metricsApi.get("/metrics");
            assertThat(r.contentType()).startsWith("text/plain").contains("version=0.0.4");
            // the e2e script greps for exactly this prefix: labels in Prometheus' sorted order
            assertThat(r.body()).contains("toxiproxy_proxy_sent_bytes_total{direction=\"downstream\",listener=\""
                    + proxy.getListen() + "\",");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static Process startServerWithProxyMetrics(int apiPort) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath));
        String hosts = System.getProperty("jdk.net.hosts.file");
        if (hosts != null) {
            command.add("-Djdk.net.hosts.file=" + hosts);
        }
        command.addAll(List.of("io.faultline.proxy.ToxiproxyServerMain",
                "--host", Loopback.HOST, "--port", Integer.toString(apiPort), "--proxy-metrics"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/metrics-server.log")).start();
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }
}
