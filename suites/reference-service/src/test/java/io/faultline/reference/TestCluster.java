package io.faultline.reference;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Three reference nodes n1..n3 as child JVMs on 127.0.0.2..4, every node-to-node link through its own
 * {@link LinkProxy}, stdout of each node kept in {@code dir/n1.out} (kept on failure, as the test's
 * temporary directory is). Closing it kills every process it started; so does the test JVM's exit.
 */
final class TestCluster implements AutoCloseable {
    static final List<String> IDS = List.of("n1", "n2", "n3");

    private final Path dir;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** proxies.get(a).get(b) carries a's messages to b. */
    private final Map<String, Map<String, LinkProxy>> proxies = new HashMap<>();
    private final Thread killOnExit = new Thread(this::killAll, "kill-test-nodes");

    /** What a node printed: {@code FAULTLINE-DETECT observer=n1 peer=n2 state=suspect nanos=...}. */
    record Detection(String observer, String peer, String state, long nanos) {
    }

    /**
     * Starts the cluster: {@code settings} go to every node, {@code overrides} to one node each.
     * Heartbeats every 100 ms and a 600 ms timeout unless the settings say otherwise.
     */
    static TestCluster start(Path dir, Map<String, String> settings, Map<String, Map<String, String>> overrides) throws IOException {
        TestCluster cluster = new TestCluster(dir);
        try {
            cluster.configure(settings, overrides);
            cluster.nodes.values().forEach(Node::start);
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
    }

    static TestCluster start(Path dir, Map<String, String> settings) throws IOException {
        return start(dir, settings, Map.of());
    }

    private TestCluster(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    private void configure(Map<String, String> settings, Map<String, Map<String, String>> overrides) throws IOException {
        Map<String, String> host = new HashMap<>();
        Map<String, Integer> peerPort = new HashMap<>();
        Map<String, Integer> clientPort = new HashMap<>();
        for (int i = 0; i < IDS.size(); i++) {
            String id = IDS.get(i);
            host.put(id, "127.0.0." + (i + 2));
            peerPort.put(id, freePort(host.get(id)));
            clientPort.put(id, freePort(host.get(id)));
        }
        for (String from : IDS) {
            for (String to : IDS) {
                if (!from.equals(to)) {
                    proxies.computeIfAbsent(from, k -> new HashMap<>())
                            .put(to, new LinkProxy(new InetSocketAddress(host.get(to), peerPort.get(to))));
                }
            }
        }
        for (String id : IDS) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("node.id", id);
            p.put("peer.bind", host.get(id) + ":" + peerPort.get(id));
            p.put("client.bind", host.get(id) + ":" + clientPort.get(id));
            p.put("peers", IDS.stream().filter(other -> !other.equals(id))
                    .map(other -> other + "=" + proxies.get(id).get(other).address()).collect(Collectors.joining(",")));
            p.put("data.dir", dir.resolve("data-" + id).toString());
            p.put("heartbeat.interval.ms", "100");
            p.put("detector.timeout.ms", "600");
            p.putAll(settings);
            p.putAll(overrides.getOrDefault(id, Map.of()));
            Path config = dir.resolve(id + ".properties");
            Files.writeString(config, p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            nodes.put(id, new Node(id, config, dir.resolve(id + ".out"),
                    new InetSocketAddress(host.get(id), clientPort.get(id))));
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    Node node(String id) {
        return Objects.requireNonNull(nodes.get(id), id);
    }

    /** A client of the given nodes (all of them if none are named), with a 3 s timeout per call. */
    ReferenceClient client(String... ids) {
        List<String> chosen = ids.length == 0 ? IDS : List.of(ids);
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        chosen.forEach(id -> addresses.put(id, node(id).clientAddress));
        return new ReferenceClient(addresses, Duration.ofSeconds(3));
    }

    /** Cuts every link into and out of {@code id}, as a network partition would. */
    void isolate(String id) {
        for (String other : IDS) {
            if (!other.equals(id)) {
                cut(id, other);
            }
        }
    }

    /** Cuts both directions of the link between two nodes. */
    void cut(String a, String b) {
        cutOneWay(a, b);
        cutOneWay(b, a);
    }

    /** Cuts one direction: {@code from}'s messages no longer reach {@code to}, the other way still works. */
    void cutOneWay(String from, String to) {
        proxies.get(from).get(to).cut();
    }

    void healAll() {
        proxies.values().forEach(m -> m.values().forEach(LinkProxy::heal));
    }

    /** Waits until one running node leads and every running, unpaused node follows it in the same term. */
    String awaitLeader() {
        AtomicReference<String> seen = new AtomicReference<>("nothing yet");
        AtomicReference<String> leader = new AtomicReference<>();
        try {
            await("a single leader that every running node follows")
                    .atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> {
                        List<ReferenceClient.Members> views = new ArrayList<>();
                        for (Node n : nodes.values()) {
                            if (n.isRunning()) {
                                views.add(n.members());
                            }
                        }
                        seen.set(views.toString());
                        List<ReferenceClient.Members> leaders = views.stream().filter(v -> v.role().equals("leader")).toList();
                        if (leaders.size() != 1) {
                            return false;
                        }
                        ReferenceClient.Members l = leaders.get(0);
                        boolean agreed = views.stream().allMatch(v -> v.leader().equals(l.node()) && v.term() == l.term());
                        leader.set(l.node());
                        return agreed;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the nodes said last: " + seen.get(), e);
        }
        return leader.get();
    }

    List<Detection> detections() {
        List<Detection> all = new ArrayList<>();
        for (Node n : nodes.values()) {
            for (String line : n.lines("FAULTLINE-DETECT ")) {
                Map<String, String> f = fields(line);
                all.add(new Detection(f.get("observer"), f.get("peer"), f.get("state"), Long.parseLong(f.get("nanos"))));
            }
        }
        return all;
    }

    static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String token : line.split(" ")) {
            String[] kv = token.split("=", 2);
            if (kv.length == 2) {
                f.put(kv[0], kv[1]);
            }
        }
        return f;
    }

    @Override
    public void close() {
        killAll();
        proxies.values().forEach(m -> m.values().forEach(LinkProxy::close));
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting, and the hook is doing this
        }
    }

    private void killAll() {
        nodes.values().forEach(Node::kill);
    }

    /** One node's process, restartable. */
    static final class Node {
        final String id;
        private final Path config;
        private final Path out;
        private final InetSocketAddress clientAddress;
        private Process process;
        private boolean paused;

        Node(String id, Path config, Path out, InetSocketAddress clientAddress) {
            this.id = id;
            this.config = config;
            this.out = out;
            this.clientAddress = clientAddress;
        }

        void start() {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try {
                String classes = Path.of(ReferenceNode.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                // C1 only and a small serial heap: three of these start quickly side by side on two cores.
                process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                        "-XX:-UsePerfData", "-cp", classes, ReferenceNode.class.getName(), config.toString())
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                        .redirectError(ProcessBuilder.Redirect.appendTo(out.resolveSibling(id + ".err").toFile()))
                        .start();
                paused = false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean isRunning() {
            return process != null && process.isAlive() && !paused;
        }

        /** kill -9. */
        void kill() {
            if (process != null) {
                paused = false;
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** kill -STOP: the process stops, its sockets stay open, so only timeouts can tell. */
        void pause() {
            signal("-STOP");
            paused = true;
        }

        void resume() {
            signal("-CONT");
            paused = false;
        }

        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
                if (kill.waitFor() != 0) {
                    throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        ReferenceClient.Members members() throws IOException {
            try (ReferenceClient c = new ReferenceClient(Map.of(id, clientAddress), Duration.ofSeconds(1))) {
                return c.members(id);
            }
        }

        /** Lines of this node's stdout, across restarts, that start with {@code prefix}. */
        List<String> lines(String prefix) {
            try {
                if (!Files.exists(out)) {
                    return List.of();
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                // The node may be writing a line right now: only complete lines count.
                text = text.substring(0, text.lastIndexOf('\n') + 1);
                return text.lines().filter(l -> l.startsWith(prefix)).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
