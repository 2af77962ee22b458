package io.faultline.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A cluster that only remembers what was done to it: for testing nemeses and runners without processes. */
public final class FakeCluster implements Cluster {
    public final List<String> actions = new ArrayList<>();
    public final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    volatile String leader;
    /** Has a leader probe even while {@link #leader} is null: an election under way. */
    boolean electing;
    Path logs = Path.of("/nonexistent");

    public FakeCluster(String... names) {
        for (String n : names) {
            nodes.put(n, new FakeNode(n));
        }
    }

    @Override
    public ClusterSpec spec() {
        ClusterSpec spec = ClusterSpec.of("fake", nodes.keySet().stream().map(n -> NodeSpec.command(n, "true")).toArray(NodeSpec[]::new));
        return leader == null && !electing ? spec : spec.withLeaderProbe(c -> Optional.ofNullable(leader));
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public Node node(String name) {
        return nodes.get(name);
    }

    @Override
    public String clientAddress(String node, String port) {
        return "127.0.0.1:1";
    }

    @Override
    public Network network() {
        return network;
    }

    final Network network = new FakeNetwork();

    @Override
    public Optional<String> leader() {
        return Optional.ofNullable(leader);
    }

    private final class FakeNetwork implements Network {
        @Override
        public List<String> nodes() {
            return List.copyOf(FakeCluster.this.nodes.keySet());
        }

        @Override
        public void partition(Collection<? extends Collection<String>> components) {
            actions.add("partition " + components);
        }

        @Override
        public void cut(String from, String to) {
            actions.add("cut " + from + ">" + to);
        }

        @Override
        public void restore(String from, String to) {
            actions.add("restore " + from + ">" + to);
        }

        @Override
        public void isolateFromClients(String node) {
            actions.add("isolate-from-clients " + node);
        }

        @Override
        public Limit latency(String from, String to, Duration latency, Duration jitter) {
            actions.add("latency " + from + ">" + to);
            return () -> actions.add("unlimit latency " + from + ">" + to);
        }

        @Override
        public Limit bandwidth(String from, String to, long bytesPerSecond) {
            actions.add("bandwidth " + from + ">" + to);
            return () -> actions.add("unlimit bandwidth " + from + ">" + to);
        }

        @Override
        public void dropConnections(String a, String b) {
            actions.add("drop " + a + "," + b);
        }

        @Override
        public void heal() {
            actions.add("heal");
        }
    }

    public final class FakeNode implements Node {
        final String name;
        State state = State.RUNNING;

        FakeNode(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public String directAddress(String port) {
            return "127.0.0.1:1";
        }

        @Override
        public Path log() {
            return logs.resolve(name + ".log");
        }

        @Override
        public Stream<String> logSinceStart() {
            return Stream.empty();
        }

        @Override
        public Path dataDir() {
            return Path.of("/tmp");
        }

        @Override
        public void kill() {
            actions.add("kill " + name);
            state = State.DOWN;
        }

        @Override
        public void pause() {
            actions.add("pause " + name);
            state = State.PAUSED;
        }

        @Override
        public void resume() {
            actions.add("resume " + name);
            state = State.RUNNING;
        }

        @Override
        public void restart() {
            actions.add("restart " + name);
            state = State.RUNNING;
        }
    }
}
