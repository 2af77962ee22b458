package io.faultline.harness.backend.process;

import io.faultline.harness.backend.CounterServer;

import io.faultline.harness.backend.ExitDuringStartScenario;

import io.faultline.harness.backend.BackendNode;

import io.faultline.harness.backend.Observe;
import io.faultline.harness.backend.ProcFs;
import io.faultline.harness.backend.ProxyHost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.harness.NodeSpec;
import io.faultline.harness.backend.Backend.NodeHome;
import io.faultline.harness.backend.Backend.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault acts on a real process, and the tests watch its effect from outside: sockets, files, /proc. */
class ProcessBackendTest {

    private static final String RUNS = "backend-test-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger RUN_NUMBER = new AtomicInteger();
    private static final List<ProcessHandle> REAPERS = new CopyOnWriteArrayList<>();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path runsDirectory;

    @TempDir
    Path runDir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private ProcessBackend backend;
    private ProxyHost proxies;
    private String runId;

    @BeforeEach
    void startBackend() throws Exception {
        runId = RUNS + RUN_NUMBER.incrementAndGet();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("TOXIPROXY_URL");
        backend = new ProcessBackend(env, runsDirectory, new PrintStream(console, true, StandardCharsets.UTF_8));
        proxies = backend.start(new RunInfo(runId, runDir, 2, 0));
        backend.reaper().ifPresent(REAPERS::add);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @AfterAll
    static void nothingIsLeftBehind() {
        await("every process of this class's runs and every reaper gone").atMost(Duration.ofSeconds(10))
                .until(() -> Observe.processesOfRuns(RUNS).isEmpty() && REAPERS.stream().allMatch(r -> Observe.isGone(r.pid())));
    }

    @Test
    void aKilledNodeRefusesConnectionsAndItsProcessIsGone() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("n1", 0, port);
        startAndAwait(node, port);
        assertThat(Observe.ask(node.directAddress(port), "INCR")).isEqualTo("1");
        long pid = node.process().pid();

        node.kill();

        assertThat(node.isAlive()).isFalse();
        assertThat(Observe.refuses(node.directAddress(port))).isTrue();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aPausedNodeMakesNoProgressAndLeavesRequestsHangingUntilResumed() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("n1", 0, port);
        startAndAwait(node, port);
        Path data = runDir.resolve("n1/data");
        await().until(() -> Files.exists(data.resolve("tick")));

        node.pause();

        long pausedAt = Observe.tick(data);
        assertThat(ProcFs.state(node.process().pid())).contains('T');
        Thread.sleep(300);
        assertThat(Observe.tick(data)).as("ticks while paused").isEqualTo(pausedAt);
        try (Socket pending = Observe.connect(node.directAddress(port), 2000)) {
            // the kernel still queues the connection; nobody answers it
            pending.setSoTimeout(500);
            assertThatThrownBy(() -> Observe.send(pending, "TICK")).isInstanceOf(SocketTimeoutException.class);

            node.resume();

            pending.setSoTimeout(10_000);
            assertThat(Long.parseLong(Observe.readLine(pending)))
                    .as("the pending request, answered after resume").isGreaterThanOrEqualTo(pausedAt);
        }
        await("ticks after resume").until(() -> Observe.tick(data) > pausedAt);
        assertThat(Long.parseLong(Observe.ask(node.directAddress(port), "TICK"))).isGreaterThan(pausedAt);
    }

    @Test
    void aRestartedNodeKeepsItsDataAddressAndPort() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("n1", 0, port);
        startAndAwait(node, port);
        String address = node.directAddress(port);
        Observe.ask(address, "INCR");
        assertThat(Observe.ask(address, "INCR")).isEqualTo("2");
        long firstPid = node.process().pid();

        node.kill();
        assertThat(Observe.refuses(address)).isTrue();
        startAndAwait(node, port);

        assertThat(node.directAddress(port)).isEqualTo(address).isEqualTo("127.0.0.2:" + port);
        assertThat(node.process().pid()).isNotEqualTo(firstPid);
        assertThat(Observe.ask(address, "INCR")).as("the counter continues from its file").isEqualTo("3");
        assertThat(Files.readAllLines(node.log()))
                .filteredOn(line -> BackendNode.isStartMarker(line, "n1"))
                .containsExactly("---- faultline: n1 start 1 ----", "---- faultline: n1 start 2 ----");
        assertThat(Files.readAllLines(node.log())).contains("counter-server listening on " + address + " with counter 2");
    }

    @Test
    void twoNodesListenOnTheSamePortOfTheirOwnAddresses() throws Exception {
        int port = Observe.freePort("127.0.0.2", "127.0.0.3");
        ProcessNode first = counterNode("n1", 0, port);
        ProcessNode second = counterNode("n2", 1, port);
        startAndAwait(first, port);
        startAndAwait(second, port);

        assertThat(first.directAddress(port)).isEqualTo("127.0.0.2:" + port);
        assertThat(second.directAddress(port)).isEqualTo("127.0.0.3:" + port);
        Observe.ask(first.directAddress(port), "INCR");
        assertThat(Observe.ask(first.directAddress(port), "INCR")).isEqualTo("2");
        assertThat(Observe.ask(second.directAddress(port), "INCR")).as("a counter of its own").isEqualTo("1");
    }

    @Test
    void aClientReachesANodeThroughAProxyListeningOnAnAllocatedEndpoint() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("n1", 0, port);
        startAndAwait(node, port);
        ProxyHost.Endpoint endpoint = proxies.allocateClient();
        ToxiproxyClient toxiproxy = new ToxiproxyClient(proxies.api().getHost(), proxies.api().getPort());

        Proxy proxy = toxiproxy.createProxy("client-n1", endpoint.listen(), node.directAddress(port));

        assertThat(Observe.ask(endpoint.fromHost(), "INCR")).isEqualTo("1");
        proxy.disable();
        assertThat(Observe.refuses(endpoint.fromHost())).isTrue();
        assertThat(Observe.ask(node.directAddress(port), "INCR")).as("directly, bypassing the proxy").isEqualTo("2");
    }

    @Test
    void aNodeThatExitsDuringStartFailsWithItsExitCodeAndTheEndOfItsLog() throws Exception {
        ExitDuringStartScenario.run(backend, runDir, runDir.resolve("broken.log"), START_TIMEOUT);
    }

    @Test
    void aStartThatOutlastsItsTimeoutFailsWithTheEndOfTheLog() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("slow", 0, port);
        node.start();

        assertThatThrownBy(() -> node.awaitReady(() -> {
            throw new IOException("not ready: no such answer");
        }, Duration.ofSeconds(2)))
                .hasMessageContaining("node slow did not become ready within 2.0 s of start 1")
                .hasMessageContaining("not ready: no such answer")
                .hasMessageContaining("withStartTimeout")
                .hasMessageContaining(node.log().toString())
                .hasMessageContaining("counter-server listening on 127.0.0.2:" + port);
        assertThat(node.isAlive()).as("left running: the runtime decides").isTrue();
    }

    @Test
    void aCommandLeadsItsOwnProcessGroupAndTakesItsChildrenAlongWhenPausedOrKilled() throws Exception {
        NodeSpec spec = NodeSpec.command("cmd", "sh", "-c", "sleep 600 & echo child $!; wait");
        NodeHome home = backend.home(spec, 0, runDir.resolve("cmd/data"), runDir.resolve("cmd/config"));
        ProcessNode node = (ProcessNode) backend.create(spec, home, List.of(), Map.of("GREETING", "hello"), runDir.resolve("cmd.log"));
        node.start();
        long shell = node.process().pid();
        long child = await().until(() -> childPid(node.log()), pid -> pid > 0);

        assertThat(ProcFs.processGroup(shell)).hasValue(shell);
        assertThat(ProcFs.processGroup(child)).hasValue(shell);
        assertThat(ProcFs.environ(child)).contains("FAULTLINE_RUN=" + runId, "FAULTLINE_NODE=cmd", "GREETING=hello");

        node.pause();
        await().until(() -> ProcFs.state(child).orElse('?') == 'T');
        node.resume();
        await().until(() -> ProcFs.state(child).orElse('?') != 'T');

        node.kill();
        assertThat(Observe.isGone(shell)).isTrue();
        assertThat(Observe.isGone(child)).as("the command's child").isTrue();
    }

    @Test
    void aJavaNodeCarriesTheRunMarkersOnItsCommandLine() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("n1", 0, port);
        node.start();

        List<String> cmdline = ProcFs.cmdline(node.process().pid());
        assertThat(cmdline).contains("-Dfaultline.run=" + runId, "-Dfaultline.node=n1", "-Dsun.net.inetaddr.negative.ttl=0",
                NodeMain.class.getName(), CounterServer.class.getName());
        assertThat(cmdline.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(cmdline).anyMatch(arg -> arg.startsWith("-Dfaultline.owner=" + ProcessHandle.current().pid() + "@"));
    }

    @Test
    void aJavaNodeWithItsOwnClasspathStillGetsNodeMain() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        String testClasses = Path.of(CounterServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        NodeSpec spec = NodeSpec.javaMain("n1", CounterServer.class.getName()).withClasspath(List.of(testClasses));
        NodeHome home = backend.home(spec, 0, runDir.resolve("n1/data"), runDir.resolve("n1/config"));
        ProcessNode node = (ProcessNode) backend.create(spec, home, List.of(home.bindHost(), Integer.toString(port), home.dataDir()),
                Map.of(), runDir.resolve("n1.log"));

        startAndAwait(node, port);

        assertThat(Observe.ask(node.directAddress(port), "INCR")).isEqualTo("1");
    }

    @Test
    void anImageNodeIsRefusedWithTheFix() {
        NodeSpec spec = NodeSpec.image("zk", "zookeeper:3.9");

        assertThatThrownBy(() -> backend.home(spec, 0, runDir, runDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node zk runs a container image")
                .hasMessageContaining("use -Dfaultline.backend=docker");
    }

    @Test
    void aNodeCannotBeStartedTwice() throws Exception {
        int port = Observe.freePort("127.0.0.2");
        ProcessNode node = counterNode("n1", 0, port);
        node.start();

        assertThatThrownBy(node::start).hasMessageContaining("node n1 is already running");
    }

    @Test
    void closeKillsEveryNodeStopsTheProxiesAndLeavesNoThreadOrFile() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int port = Observe.freePort("127.0.0.2", "127.0.0.3");
        ProcessNode first = counterNode("n1", 0, port);
        ProcessNode second = counterNode("n2", 1, port);
        startAndAwait(first, port);
        startAndAwait(second, port);
        second.pause();
        List<Long> pids = List.of(first.process().pid(), second.process().pid());
        String api = proxies.api().getHost() + ":" + proxies.api().getPort();
        Path stateFile = backend.stateFile().orElseThrow();
        assertThat(stateFile).exists();

        backend.close();

        assertThat(pids).allMatch(Observe::isGone);
        assertThat(Observe.refuses(api)).as("proxy API").isTrue();
        assertThat(stateFile).doesNotExist();
        await("threads started for the run gone").atMost(Duration.ofSeconds(5)).pollInSameThread().untilAsserted(() -> assertThat(
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !before.contains(t))
                        // the JDK's own, one per child process, idle in a shared pool
                        .filter(t -> !t.getName().equals("process reaper"))
                        .map(Thread::getName).collect(Collectors.toList()))
                .isEmpty());
    }

    @Test
    void theNextRunStartsBySweepingWhatARunWithADeadOwnerLeft() throws Exception {
        String deadRun = RUNS + "dead-" + RUN_NUMBER.incrementAndGet();
        ProcessBuilder leftoverCommand = new ProcessBuilder("setsid", "sleep", "600");
        leftoverCommand.environment().put("FAULTLINE_RUN", deadRun);
        Process leftover = leftoverCommand.start();
        // this JVM's pid with another start time: an owner that died and whose pid was reused
        Path stateFile = Files.writeString(runsDirectory.resolve(deadRun + ".json"), "{\"run\":\"" + deadRun + "\",\"backend\":\"process\","
                + "\"owner\":{\"pid\":" + ProcessHandle.current().pid() + ",\"started\":\"1970-01-01T00:00:00Z\",\"startTicks\":1},"
                + "\"processes\":[{\"name\":\"cmd\",\"pid\":" + leftover.pid() + ",\"started\":\""
                + leftover.toHandle().info().startInstant().orElseThrow() + "\",\"group\":" + leftover.pid() + "}]}");
        ByteArrayOutputStream nextConsole = new ByteArrayOutputStream();
        ProcessBackend next = new ProcessBackend(Map.of("PATH", System.getenv("PATH")), runsDirectory,
                new PrintStream(nextConsole, true, StandardCharsets.UTF_8));
        try {
            next.start(new RunInfo(RUNS + "next-" + RUN_NUMBER.incrementAndGet(), runDir.resolve("next"), 0, 0));
            next.reaper().ifPresent(REAPERS::add);

            assertThat(Observe.isGone(leftover.pid())).isTrue();
            assertThat(stateFile).doesNotExist();
            assertThat(nextConsole.toString(StandardCharsets.UTF_8).lines().findFirst()).get().asString()
                    .startsWith("faultline: swept leftovers of runs whose test JVM died (").contains(deadRun)
                    .endsWith("): killed process " + leftover.pid() + " and process group " + leftover.pid() + "; removed 1 state file");
        } finally {
            next.close();
            leftover.destroyForcibly().waitFor();
        }
    }

    @Test
    void aNodeListensOnItsOwnAddressAsReadFromProcWithoutConnecting() throws Exception {
        int port = Observe.freePort("127.0.0.2", "127.0.0.3");
        ProcessNode node = counterNode("n1", 0, port);
        assertThat(node.listeningPorts()).as("before its start").contains(Set.of());

        startAndAwait(node, port);
        ProcessNode other = counterNode("n2", 1, port);

        assertThat(node.listeningPorts()).hasValueSatisfying(ports -> assertThat(ports).contains(port));
        assertThat(other.listeningPorts()).as("n1 listens on 127.0.0.2, which is not n2's address").contains(Set.of());
    }

    private ProcessNode counterNode(String name, int index, int port) throws Exception {
        NodeSpec spec = NodeSpec.javaMain(name, CounterServer.class.getName()).withPort("counter", port);
        NodeHome home = backend.home(spec, index, runDir.resolve(name + "/data"), runDir.resolve(name + "/config"));
        return (ProcessNode) backend.create(spec, home, List.of(home.bindHost(), Integer.toString(port), home.dataDir()), Map.of(),
                runDir.resolve(name + ".log"));
    }

    private static void startAndAwait(ProcessNode node, int port) throws Exception {
        node.start();
        node.awaitReady(Observe.listening(node.directAddress(port)), START_TIMEOUT);
    }

    private static long childPid(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("child "))
                .mapToLong(l -> Long.parseLong(l.substring("child ".length()))).findFirst().orElse(0);
    }
}
