package io.faultline.harness.backend.process;

import io.faultline.harness.backend.Observe;
import io.faultline.harness.backend.ProcFs;
import io.faultline.harness.backend.ProxyHost;
import io.faultline.harness.backend.cleanup.RunMarker;
import io.faultline.harness.backend.cleanup.RunState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.faultline.harness.backend.Backend.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProxyHostTest {

    private static final String RUN = "proxy-host-test-" + ProcessHandle.current().pid();
    private static final Optional<Path> SETSID = ProcessBackend.findOnPath(System.getenv(), "setsid");

    @TempDir
    Path runDir;

    @TempDir
    Path runs;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private RunState state;

    @BeforeEach
    void createState() throws IOException {
        state = RunState.create(runs, RUN);
    }

    @AfterAll
    static void nothingIsLeftBehind() {
        assertThat(Observe.processesOfRuns(RUN)).isEmpty();
    }

    @Test
    void withoutToxiproxyUrlOrBinaryTheEmbeddedServerRunsAndSaysSoOnce() throws Exception {
        try (LocalProxyHost host = start(Map.of("PATH", "/usr/bin:/bin"))) {
            List<ProxyHost.Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                endpoints.add(i % 2 == 0 ? host.allocateLink() : host.allocateClient());
            }

            assertThat(console()).isEqualTo("faultline: proxies: embedded Toxiproxy-compatible server on 127.0.0.1:" + host.api().getPort()
                    + " (no TOXIPROXY_URL, no toxiproxy-server on PATH)\n");
            assertThat(host.api().getHost()).isEqualTo("127.0.0.1");
            assertThat(Observe.listening("127.0.0.1:" + host.api().getPort()).call()).isTrue();
            assertThat(endpoints).allSatisfy(e -> assertThat(e.listen()).startsWith("127.0.0.1:")
                    .isEqualTo(e.fromNodes()).isEqualTo(e.fromHost()).isNotEqualTo("127.0.0.1:" + host.api().getPort()));
            assertThat(endpoints.stream().map(ProxyHost.Endpoint::listen).distinct()).hasSize(endpoints.size());
        }
    }

    @Test
    void theToxiproxyAtToxiproxyUrlIsUsedAndLeftRunning() throws Exception {
        try (ServerSocket toxiproxy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String url = "http://127.0.0.1:" + toxiproxy.getLocalPort();

            try (LocalProxyHost host = start(Map.of("TOXIPROXY_URL", url, "PATH", "/usr/bin:/bin"))) {
                assertThat(host.api()).hasToString(url);
                assertThat(host.allocateClient().listen()).isNotEqualTo("127.0.0.1:" + toxiproxy.getLocalPort());
            }

            assertThat(console()).isEqualTo("faultline: proxies: Toxiproxy at " + url + " (TOXIPROXY_URL)\n");
            assertThat(toxiproxy.isClosed()).isFalse();
        }
    }

    @Test
    void aToxiproxyUrlOnAnotherMachineIsRefusedWithTheFix() {
        assertThatThrownBy(() -> start(Map.of("TOXIPROXY_URL", "http://192.0.2.1:8474")))
                .hasMessageContaining("TOXIPROXY_URL=http://192.0.2.1:8474 is not on this machine")
                .hasMessageContaining("unset it to use the embedded server");
    }

    @Test
    void aToxiproxyUrlWhereNothingListensIsRefusedWithTheFix() throws Exception {
        int port = LocalProxyHost.freePort();

        assertThatThrownBy(() -> start(Map.of("TOXIPROXY_URL", "http://127.0.0.1:" + port)))
                .hasMessageContaining("nothing answers at TOXIPROXY_URL=http://127.0.0.1:" + port)
                .hasMessageContaining("unset TOXIPROXY_URL to use the embedded server");
    }

    @Test
    void aToxiproxyServerOnThePathIsStartedForTheRunMarkedRecordedAndKilledAtClose() throws Exception {
        Path bin = Files.createDirectories(runDir.resolve("bin"));
        Path binary = bin.resolve("toxiproxy-server");
        Files.writeString(binary, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' " + FakeToxiproxyServer.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));

        LocalProxyHost host = start(Map.of("PATH", bin + ":/usr/bin:/bin"));
        RunState.ProcessRecord recorded;
        try {
            recorded = RunState.read(state.file()).processes().get(0);
            assertThat(recorded.name()).isEqualTo("toxiproxy-server");
            assertThat(ProcFs.environ(recorded.pid())).contains("FAULTLINE_RUN=" + RUN);
            assertThat(Observe.listening("127.0.0.1:" + host.api().getPort()).call()).isTrue();
            assertThat(console()).isEqualTo("faultline: proxies: " + binary + " on 127.0.0.1:" + host.api().getPort()
                    + " (found on PATH; no TOXIPROXY_URL), its log in " + runDir.resolve("toxiproxy-server.log") + "\n");
            await("its output in its log").until(() -> Files.readString(runDir.resolve("toxiproxy-server.log"))
                    .contains("fake toxiproxy-server on 127.0.0.1:" + host.api().getPort()));
        } finally {
            host.close();
        }

        assertThat(Observe.isGone(recorded.pid())).isTrue();
        assertThat(Observe.refuses("127.0.0.1:" + host.api().getPort())).isTrue();
    }

    private LocalProxyHost start(Map<String, String> env) throws Exception {
        return LocalProxyHost.start(new RunInfo(RUN, runDir, 3, 6), env, RunMarker.env(RUN, state.owner(), LocalProxyHost.BINARY),
                state, SETSID, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
