package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.history.OpType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain Java API under {@link ChaosTest}: boot a small cluster of test servers, run, close, and check what is left. */
class ChaosRunTest {
    /** The harness's own test server: answers {@code INCR} with a counter kept in its data directory. */
    private static final String COUNTER_SERVER = "io.faultline.harness.backend.CounterServer";

    @TempDir
    Path dir;

    /** Three counter servers on 127.0.0.2–4, one port that is both a peer port (links proxied) and a client port. */
    private static ClusterSpec counters(int port) {
        return ClusterSpec.of("counters", 3, i -> NodeSpec.javaMain("n" + (i + 1), COUNTER_SERVER)
                .withPeerPort("counter", port)
                .withClientPort("counter", port)
                .withArgs(ctx -> List.of(ctx.bindHost(), String.valueOf(port), ctx.dataDir()))
                .withHealthCheck(HealthCheck.tcp("counter")));
    }

    private static Workload increments() {
        return Workload.of((cluster, process) -> invocation -> {
            String node = cluster.nodes().get(process % cluster.nodes().size()).name();
            return Completion.ok(Long.parseLong(ask(cluster.clientAddress(node, "counter"), "INCR")));
        }, (random, process, now) -> Invocation.of("incr", null)).withProcesses(3).withOpTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aClusterBootsRunsAWorkloadAndLeavesOnlyItsRunDirectory() throws Exception {
        Path runDir = dir.resolve("run");
        ClusterSpec spec = counters(freePort("127.0.0.2", "127.0.0.3", "127.0.0.4"));
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofMillis(300))
                .faults(Duration.ofMillis(600), Duration.ofMillis(300), Duration.ofMillis(150), Nemeses.pause())
                .heal()
                .recovery(Duration.ofMillis(200))
                .build();
        List<String> clientAddresses = new ArrayList<>();

        RunResult result;
        try (ChaosRun run = ChaosRun.start(spec, RunOptions.defaults().withSeed(42).withBackend("process").withDirectory(runDir))) {
            assertThat(run.backend()).isEqualTo("process");
            assertThat(run.seed()).isEqualTo(42);
            assertThat(run.directory()).isEqualTo(runDir.toAbsolutePath());
            assertThat(run.bootTime()).isPositive();
            assertThat(run.cluster().nodes()).extracting(Node::state).containsOnly(Node.State.RUNNING);
            assertThat(processesOf(runDir)).hasSize(3);
            spec.nodeNames().forEach(node -> clientAddresses.add(run.cluster().clientAddress(node, "counter")));

            result = run.execute(increments(), schedule);
        }

        assertThat(result.history().ops()).filteredOn(op -> op.type() == OpType.OK).isNotEmpty();
        assertThat(processesOf(runDir)).as("node processes left after close").isEmpty();
        assertThat(clientAddresses).as("client proxies left after close").allMatch(ChaosRunTest::refuses);
        assertThat(runDir.resolve("seed")).hasContent("42");
        assertThat(runDir.resolve("rerun.txt"))
                .hasContent("ChaosRun.start(spec, RunOptions.defaults().withSeed(42).withBackend(\"process\"))");
        assertThat(new ObjectMapper().readTree(runDir.resolve("cluster.json").toFile()).get("name").asText()).isEqualTo("counters");
        for (String file : List.of("events.jsonl", "history.jsonl", "history.edn", "logs/n1.log", "logs/n2.log", "logs/n3.log",
                "nodes/n1/data/counter")) {
            assertThat(runDir.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(eventTypes(runDir)).startsWith("phase").endsWith("phase")
                .contains("node-start", "node-ready", "fault-start", "fault-end");
        assertThat(Files.readString(runDir.resolve("events.jsonl")))
                .contains("\"phase\":\"boot\",\"backend\":\"process\",\"seed\":42", "\"phase\":\"ready\",\"boot-millis\":",
                        "\"phase\":\"teardown\"");
    }

    @Test
    void aClusterThatDoesNotBootSaysWhyAndWhereAndLeavesNothingRunning() throws Exception {
        Path runDir = dir.resolve("broken");
        ClusterSpec broken = ClusterSpec.of("broken", NodeSpec.javaMain("n1", "io.faultline.harness.backend.FailingMain")
                .withPort("main", 7000).withHealthCheck(HealthCheck.tcp("main"))
                .withArgs(ctx -> List.of("1", "3")));

        assertThatThrownBy(() -> ChaosRun.start(broken, RunOptions.defaults().withBackend("process").withDirectory(runDir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cluster broken did not boot on the process backend: node n1 exited with code 3")
                .hasMessageEndingWith("faultline: node logs and events are in " + runDir.toAbsolutePath());

        assertThat(processesOf(runDir)).isEmpty();
        assertThat(eventTypes(runDir)).endsWith("phase");
        assertThat(runDir.resolve("history.edn")).exists();
    }

    @Test
    void aLeaderProbeThatThrowsIsRecordedAndFailsTheRun() throws Exception {
        Path runDir = dir.resolve("probe");
        ClusterSpec spec = counters(freePort("127.0.0.2", "127.0.0.3", "127.0.0.4")).withLeaderProbe(cluster -> {
            throw new IOException("the leader's JMX port refused");
        });
        Schedule schedule = Schedule.builder()
                .faults(Duration.ofMillis(300), Duration.ofMillis(150), Duration.ofMillis(50), Nemeses.killLeader())
                .build();

        try (ChaosRun run = ChaosRun.start(spec, RunOptions.defaults().withSeed(1).withBackend("process").withDirectory(runDir))) {
            assertThatThrownBy(() -> run.execute(increments(), schedule))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("probe-error, first: the leader probe of counters failed: IOException: the leader's JMX port refused")
                    .hasMessageContaining("Expect.probeErrors()");
        }
    }

    @Test
    void aDetectionProbeWhosePollsOfAnUpNodeFailFailsTheRunWithFewEvents() throws Exception {
        Path runDir = dir.resolve("detection-probe");
        ClusterSpec spec = counters(freePort("127.0.0.2", "127.0.0.3", "127.0.0.4"))
                .withDetectionProbe(() -> new FailingPolls(node -> node.name().equals("n1")));
        // past the grace a node just started gets, so that n1's failed polls are held against it
        Schedule schedule = Schedule.builder().warmUp(Duration.ofSeconds(7)).build();

        try (ChaosRun run = ChaosRun.start(spec, RunOptions.defaults().withSeed(1).withBackend("process").withDirectory(runDir))) {
            assertThatThrownBy(() -> run.execute(increments(), schedule))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("probe-error, first: the detection probe's poll of n1 failed: IllegalArgumentException: unreadable answer")
                    .hasMessageContaining("Expect.probeErrors()");
        }
        // a poll every 2 ms: the events of each kind stand at least a second apart (but for the count
        // of those left out at the close), and together count every failed poll
        ObjectMapper json = new ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> errors = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("events.jsonl"))) {
            com.fasterxml.jackson.databind.JsonNode event = json.readTree(line);
            if (event.get("type").asText().equals("probe-error")) {
                errors.add(event);
            }
        }
        long counted = errors.stream().mapToLong(e -> 1 + e.get("left-out").asLong()).sum();
        assertThat(counted).as("failed polls counted").isGreaterThan(10L * errors.size());
        for (boolean expected : new boolean[] {true, false}) {
            List<Long> times = errors.stream().filter(e -> e.get("expected").asBoolean() == expected)
                    .map(e -> e.get("time").asLong()).toList();
            for (int i = 1; i < times.size() - 1; i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("nanos between two events, expected=" + expected)
                        .isGreaterThanOrEqualTo(1_000_000_000L);
            }
        }
    }

    @Test
    void aDetectionProbeWhosePollsOfAPausedNodeFailIsHeardAndFailsNothing() throws Exception {
        Path runDir = dir.resolve("paused-polls");
        ClusterSpec spec = counters(freePort("127.0.0.2", "127.0.0.3", "127.0.0.4"))
                .withDetectionProbe(() -> new FailingPolls(node -> node.state() != Node.State.RUNNING));
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofMillis(300))
                .faults(Duration.ofMillis(900), Duration.ofMillis(300), Duration.ofMillis(200), Nemeses.pause())
                .heal()
                .recovery(Duration.ofMillis(200))
                .build();

        try (ChaosRun run = ChaosRun.start(spec, RunOptions.defaults().withSeed(1).withBackend("process").withDirectory(runDir))) {
            run.execute(increments(), schedule);
        }
        String events = Files.readString(runDir.resolve("events.jsonl"));
        assertThat(events).contains("\"type\":\"probe-error\"", "\"expected\":true").doesNotContain("\"expected\":false");
        assertThat(Files.readString(runDir.resolve("checks.json"))).contains("failed polls of nodes that were not up or did not answer in time, as expected");
    }

    /** Polls every node's state every 2 ms, as a probe polls its nodes, and fails the polls of those {@code failing} picks. */
    private static final class FailingPolls implements DetectionProbe {
        private final java.util.function.Predicate<Node> failing;
        private volatile boolean running = true;
        private Thread thread;

        FailingPolls(java.util.function.Predicate<Node> failing) {
            this.failing = failing;
        }

        @Override
        public void start(Cluster cluster, RunClock clock, Sink sink) {
            thread = new Thread(() -> {
                while (running) {
                    for (Node node : cluster.nodes()) {
                        if (failing.test(node)) {
                            sink.error(node.name(), new IllegalArgumentException("unreadable answer"));
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
            });
            thread.start();
        }

        @Override
        public void stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aTestNameMakesTheRerunCommandTheMavenCommandThatRunsThatTest() throws Exception {
        Path runDir = dir.resolve("named");
        ClusterSpec one = ClusterSpec.of("one", NodeSpec.command("n1", "sleep", "60"));

        try (ChaosRun run = ChaosRun.start(one, RunOptions.defaults().withSeed(7).withBackend("process")
                .withDirectory(runDir).withTestName("SomeChaosTest$Nested#partitions"))) {
            assertThat(run.rerunCommand()).isEqualTo(
                    "mvn verify -Pchaos -pl harness -am '-Dtest=SomeChaosTest$Nested#partitions'"
                            + " -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.seed=7 -Dfaultline.backend=process");
        }
    }

    /** Live processes whose command line marks them as the run's (the run id starts with the directory's name). */
    @Test
    void twoProcessRunsAtOnceOnTheSamePortsBothPassAndLeaveNothing() throws Exception {
        int port = freePort("127.0.0.2", "127.0.0.3", "127.0.0.4");
        ClusterSpec spec = counters(port).withNetworkMode(NetworkMode.KERNEL);
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofMillis(300))
                .faults(Duration.ofMillis(900), Duration.ofMillis(300), Duration.ofMillis(200), Nemeses.isolateOne(), Nemeses.pause())
                .heal()
                .recovery(Duration.ofMillis(300))
                .build();
        List<String> clientAddresses = new ArrayList<>();
        List<String> nodeAddresses = new ArrayList<>();
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");

        List<RunResult> results = new ArrayList<>();
        try (ChaosRun one = ChaosRun.start(spec, RunOptions.defaults().withSeed(1).withBackend("process").withDirectory(first));
             ChaosRun two = ChaosRun.start(spec, RunOptions.defaults().withSeed(2).withBackend("process").withDirectory(second))) {
            for (ChaosRun run : List.of(one, two)) {
                spec.nodeNames().forEach(node -> clientAddresses.add(run.cluster().clientAddress(node, "counter")));
                run.cluster().nodes().forEach(node -> nodeAddresses.add(node.directAddress("counter")));
            }
            assertThat(nodeAddresses).as("every node of both runs on an address of its own, on the same port").doesNotHaveDuplicates()
                    .allMatch(address -> address.endsWith(":" + port));
            assertThat(kernelTables()).as("each run's kernel cuts").hasSize(2);
            // counter nodes never talk to each other: their cuts are idle, and may drop nothing
            var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> two.execute(increments(), schedule, Expect.idleCuts()));
            results.add(one.execute(increments(), schedule, Expect.idleCuts()));
            results.add(other.join());
        }

        for (RunResult result : results) {
            assertThat(result.history().ops()).filteredOn(op -> op.type() == OpType.OK).isNotEmpty();
            assertThat(result.events()).extracting(Event::type).contains("fault-start");
        }
        assertThat(processesOf(first)).as("node processes of the first run left after close").isEmpty();
        assertThat(processesOf(second)).as("node processes of the second run left after close").isEmpty();
        assertThat(clientAddresses).as("client proxies left after close").allMatch(ChaosRunTest::refuses);
        assertThat(kernelTables()).as("kernel cuts left after close").isEmpty();
    }

    @Test
    void nothingARunStartsListensOnANonLoopbackAddress() throws Exception {
        ClusterSpec spec = counters(freePort("127.0.0.2", "127.0.0.3", "127.0.0.4"));
        Path runDir = dir.resolve("run");
        try (ChaosRun run = ChaosRun.start(spec, RunOptions.defaults().withSeed(3).withBackend("process").withDirectory(runDir))) {
            List<Long> pids = new ArrayList<>(processesOf(runDir));
            pids.add(ProcessHandle.current().pid()); // the proxies
            List<String> listening = listenersOf(pids);
            assertThat(listening).as("what the run's nodes and proxies listen on").hasSizeGreaterThanOrEqualTo(3 + 6)
                    .allMatch(address -> address.startsWith("127.") || address.startsWith("::ffff:127."),
                            "a loopback address");
        }
    }

    /** The local addresses of the TCP sockets the processes listen on, from /proc/net/tcp and tcp6 matched by socket inode. */
    private static List<String> listenersOf(List<Long> pids) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        for (long pid : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException closed) {
                        // closed while we looked
                    }
                }
            }
        }
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/" + table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    addresses.add(hexAddress(f[1].substring(0, f[1].indexOf(':'))));
                }
            }
        }
        return addresses;
    }

    /** {@code 0100007F} is 127.0.0.1; tcp6 writes four such words, an IPv4-mapped address ending in {@code FFFF0000} then the IPv4 word. */
    private static String hexAddress(String hex) {
        if (hex.length() == 8) {
            return ipv4(hex);
        }
        if (hex.startsWith("0000000000000000FFFF0000")) {
            return "::ffff:" + ipv4(hex.substring(24));
        }
        return hex.equals("00000000000000000000000000000000") ? "::" : "ipv6:" + hex;
    }

    private static String ipv4(String word) {
        long v = Long.parseLong(word, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }

    /** The nftables tables of this JVM's runs. */
    private static List<String> kernelTables() throws Exception {
        Process nft = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
        String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        nft.waitFor();
        String prefix = "table inet faultline_" + ProcessHandle.current().pid() + "_";
        return out.lines().filter(line -> line.startsWith(prefix)).toList();
    }

    private static List<Long> processesOf(Path runDir) throws IOException {
        String marker = "-Dfaultline.run=" + runDir.getFileName() + "-";
        // another run on the machine may have a directory of the same name (the leftovers campaign's
        // run-N): only this JVM's nodes count
        String owner = "-Dfaultline.owner=" + ProcessHandle.current().pid() + "@";
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    String stat = Files.readString(proc.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    List<String> args = List.of(cmdline.split("\0"));
                    if (!zombie && args.stream().anyMatch(arg -> arg.startsWith(marker))
                            && args.stream().anyMatch(arg -> arg.startsWith(owner))) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return found;
    }

    private static List<String> eventTypes(Path runDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("events.jsonl"))) {
            types.add(json.readTree(line).get("type").asText());
        }
        return types;
    }

    private static String ask(String address, String request) throws IOException {
        try (Socket socket = connect(address)) {
            socket.setSoTimeout(2000);
            new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8).println(request);
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                throw new IOException(address + " closed the connection without an answer");
            }
            return answer;
        }
    }

    private static boolean refuses(String address) {
        try (Socket ignored = connect(address)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Socket connect(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 1000);
        return socket;
    }

    /** A port free on every one of {@code hosts}, so that runs beside this one do not collide. */
    private static int freePort(String... hosts) throws IOException {
        while (true) {
            int port;
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(hosts[0]))) {
                port = first.getLocalPort();
            }
            boolean free = true;
            for (String host : hosts) {
                try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getByName(host))) {
                    // free here
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
    }
}
