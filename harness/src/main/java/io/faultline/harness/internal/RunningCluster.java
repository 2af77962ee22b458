package io.faultline.harness.internal;

import io.faultline.harness.NodeContext;

import io.faultline.harness.Network;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.backend.KernelPartitions;

import io.faultline.harness.Node;

import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.NodeSpec;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.ProxyHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster booted on a backend: a proxy for every node-to-node link and port and for every client
 * port, each node's configuration rendered with its peers' proxies, and every node started and
 * healthy.
 */
final class RunningCluster implements Cluster {
    /** How often, while the nodes start, the link gate looks which ports they listen on. */
    private static final long GATE_POLL_MILLIS = 20;
    /**
     * A thread per boot task: a node's start blocks until it is healthy, which takes its peers
     * started and the proxies created; in a pool smaller than the cluster they would wait for each other.
     */
    private static final Executor THREAD_PER_TASK = task -> {
        Thread thread = new Thread(task, "faultline-boot");
        thread.setDaemon(true);
        thread.start();
    };

    private final ClusterSpec spec;
    private final Map<String, RunningNode> nodes = new LinkedHashMap<>();
    private final Map<String, String> clientAddresses = new LinkedHashMap<>();
    private final Network network;
    private final Recorder recorder;

    private RunningCluster(ClusterSpec spec, Network network, Map<String, RunningNode> nodes, Map<String, String> clientAddresses,
                           Recorder recorder) {
        this.spec = spec;
        this.recorder = recorder;
        this.network = network;
        this.nodes.putAll(nodes);
        this.clientAddresses.putAll(clientAddresses);
    }

    /**
     * Boots {@code spec} on {@code backend}, recording into {@code recorder}; the run directory gets
     * every node's files. Every proxy's address is known before the proxy exists, so the steps
     * overlap: the nodes are created while the proxy server starts, and started while it creates
     * the proxies. A node that tries a peer before its link proxy is open is refused, as by a peer
     * that has not started yet — which every target copes with, since nodes start in no particular
     * order.
     */
    static RunningCluster boot(ClusterSpec spec, Backend backend, String runId, Path runDir, Recorder recorder) throws Exception {
        List<NodeSpec> specs = spec.nodes();
        int clientProxies = specs.stream().mapToInt(node -> node.clientPorts().size()).sum();
        boolean kernel = spec.networkMode() == NetworkMode.KERNEL;
        if (kernel && !(backend instanceof KernelPartitions)) {
            throw new IllegalStateException("cluster " + spec.name() + " runs in KERNEL network mode, which the " + backend.name()
                    + " backend cannot cut; use the process or Docker backend");
        }
        ProxyHost proxyHost = backend.start(new Backend.RunInfo(runId, runDir, specs.size(), clientProxies, spec.networkMode()));

        List<Backend.NodeHome> homes = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Path nodeDir = runDir.resolve("nodes").resolve(specs.get(i).name());
            Files.createDirectories(nodeDir.resolve("data"));
            Files.createDirectories(nodeDir.resolve("config"));
            homes.add(backend.home(specs.get(i), i, nodeDir.resolve("data"), nodeDir.resolve("config")));
        }

        List<Planned> planned = new ArrayList<>();
        ProxyPlan plan = new ProxyPlan();
        // peer.get(from).get(to + ":" + port) = where `from` reaches `to`'s port
        Map<String, Map<String, String>> peer = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            NodeSpec from = specs.get(i);
            Map<String, String> mine = new LinkedHashMap<>();
            for (int j = 0; j < specs.size(); j++) {
                if (i == j) {
                    continue;
                }
                NodeSpec to = specs.get(j);
                for (String port : to.peerPorts()) {
                    if (kernel) {
                        // no proxy: the node dials its peer's own address, and the kernel cuts the link
                        mine.put(to.name() + ":" + port, homes.get(j).host() + ":" + to.ports().get(port));
                        continue;
                    }
                    ProxyHost.Endpoint endpoint = proxyHost.allocateLink();
                    Planned link = new Planned(ProxyNetwork.linkProxyName(from.name(), to.name(), port), from.name(), to.name(),
                            to.ports().get(port));
                    plan.add(link.name(), endpoint.listen(), homes.get(j).host() + ":" + link.port(), false); // see LinkGate
                    planned.add(link);
                    mine.put(to.name() + ":" + port, endpoint.fromNodes());
                }
            }
            peer.put(from.name(), mine);
        }
        Map<String, RunningNode> nodes = createNodes(spec, backend, homes, peer, runDir, recorder);

        // A client proxy's host port, and the API, exist once the proxy server runs; from then on
        // the nodes reach it too (in Docker, by name), and may start.
        Map<String, String> clientAddresses = new LinkedHashMap<>();
        for (int j = 0; j < specs.size(); j++) {
            NodeSpec to = specs.get(j);
            for (String port : to.clientPorts()) {
                ProxyHost.Endpoint endpoint = proxyHost.allocateClient();
                Planned clientLink = new Planned(ProxyNetwork.clientProxyName(to.name(), port), null, to.name(), to.ports().get(port));
                plan.add(clientLink.name(), endpoint.listen(), homes.get(j).host() + ":" + clientLink.port(), true);
                planned.add(clientLink);
                clientAddresses.put(to.name() + ":" + port, endpoint.fromHost());
            }
        }
        ToxiproxyClient client = new ToxiproxyClient(proxyHost.api().getHost(), proxyHost.api().getPort());
        ProxyNetwork network = new ProxyNetwork(client, spec.nodeNames());
        Network cuts = kernel ? new KernelNetwork((KernelPartitions) backend, network, spec.nodeNames()) : network;
        RunningCluster cluster = new RunningCluster(spec, cuts, nodes, clientAddresses, recorder);

        CompletableFuture<Map<String, Proxy>> created = CompletableFuture.supplyAsync(() -> {
            try {
                proxyHost.awaitApi();
                return plan.create(proxyHost.api(), client);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, THREAD_PER_TASK);
        CompletableFuture<Void> ready = cluster.startAll();

        // whichever fails first fails the boot: proxies that cannot be created, or a node that does not start
        CompletableFuture.anyOf(created, ready).handle((value, failure) -> null).join();
        if (ready.isCompletedExceptionally()) {
            join(ready);
        }
        Map<String, Proxy> proxies = join(created);
        LinkGate gate = new LinkGate();
        for (Planned p : planned) {
            Proxy proxy = proxies.get(p.name());
            if (p.from() == null) {
                network.addClientLink(p.to(), proxy);
            } else {
                network.addLink(p.from(), p.to(), proxy);
                gate.add(proxy, nodes.get(p.to()), p.port());
            }
        }
        while (!isDone(ready, GATE_POLL_MILLIS)) {
            gate.openListening();
        }
        join(ready);
        gate.openAll();
        return cluster;
    }

    /** A proxy to create: a link from node {@code from} to node {@code to}'s port, or, with {@code from} null, a client proxy. */
    private record Planned(String name, String from, String to, int port) {
    }

    /** Waits up to {@code millis} for {@code future} to complete, one way or the other. */
    private static boolean isDone(CompletableFuture<?> future, long millis) throws InterruptedException {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException failed) {
            // join says how
        }
        return true;
    }

    /**
     * Renders each node's configuration files with its peers' proxies and creates the node, not yet
     * started: all at once, as creating a container takes a Docker call each.
     */
    private static Map<String, RunningNode> createNodes(ClusterSpec spec, Backend backend, List<Backend.NodeHome> homes,
                                                        Map<String, Map<String, String>> peer, Path runDir, Recorder recorder)
            throws Exception {
        Files.createDirectories(runDir.resolve("logs"));
        List<CompletableFuture<RunningNode>> creates = new ArrayList<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            int index = i;
            creates.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return createNode(spec, index, backend, homes.get(index), peer, runDir, recorder);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, THREAD_PER_TASK));
        }
        // all settle before any failure is thrown: the caller then closes the backend, which must find every node
        CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).handle((value, failure) -> null).join();
        Map<String, RunningNode> nodes = new LinkedHashMap<>();
        for (CompletableFuture<RunningNode> create : creates) {
            RunningNode node = join(create);
            nodes.put(node.name(), node);
        }
        return nodes;
    }

    private static RunningNode createNode(ClusterSpec spec, int index, Backend backend, Backend.NodeHome home,
                                          Map<String, Map<String, String>> peer, Path runDir, Recorder recorder) throws Exception {
        NodeSpec node = spec.nodes().get(index);
        Path nodeDir = runDir.resolve("nodes").resolve(node.name());
        Context context = new Context(spec, index, home, peer.get(node.name()));
        for (Map.Entry<String, java.util.function.Function<NodeContext, String>> file : node.files().entrySet()) {
            Files.writeString(nodeDir.resolve("config").resolve(file.getKey()), file.getValue().apply(context), StandardCharsets.UTF_8);
        }
        Path log = runDir.resolve("logs").resolve(node.name() + ".log");
        return new RunningNode(node, backend.create(node, home, node.args().apply(context), node.env(), log), recorder, log,
                nodeDir.resolve("data"));
    }

    /** The future's value, or the exception it failed with, unwrapped. */
    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /**
     * Starts every node at once — a quorum system needs its peers up to become healthy; completes
     * when all are healthy, or with the first failure.
     */
    private CompletableFuture<Void> startAll() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (RunningNode node : nodes.values()) {
            starts.add(CompletableFuture.runAsync(node::start, THREAD_PER_TASK));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
        starts.forEach(start -> start.exceptionally(failure -> {
            all.completeExceptionally(failure);
            return null;
        }));
        return all;
    }

    @Override
    public ClusterSpec spec() {
        return spec;
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public Node node(String name) {
        RunningNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " in cluster " + spec.name() + "; nodes are " + nodes.keySet());
        }
        return node;
    }

    @Override
    public String clientAddress(String node, String port) {
        String address = clientAddresses.get(node + ":" + port);
        if (address == null) {
            throw new IllegalArgumentException("node " + node + " has no client port '" + port
                    + "'; declare it with NodeSpec.withClientPort");
        }
        return address;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public Optional<String> leader() {
        if (spec.leader().isEmpty()) {
            return Optional.empty();
        }
        try {
            return spec.leader().get().leader(this);
        } catch (Exception e) {
            // no leader to aim at is an answer; a probe that cannot answer is a broken run
            recorder.event("probe-error", "probe", "leader", "error", "the leader probe of " + spec.name() + " failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A node's view of the cluster while its configuration is rendered. */
    private record Context(ClusterSpec cluster, int index, Backend.NodeHome home, Map<String, String> peers)
            implements NodeContext {
        @Override
        public String name() {
            return cluster.nodes().get(index).name();
        }

        @Override
        public List<String> nodes() {
            return cluster.nodeNames();
        }

        @Override
        public String bindHost() {
            return home.bindHost();
        }

        @Override
        public int port(String port) {
            Integer number = cluster.nodes().get(index).ports().get(port);
            if (number == null) {
                throw new IllegalArgumentException("node " + name() + " has no port '" + port + "'");
            }
            return number;
        }

        @Override
        public String self(String port) {
            return home.host() + ":" + port(port);
        }

        @Override
        public String peer(String node, String port) {
            String address = peers.get(node + ":" + port);
            if (address == null) {
                throw new IllegalArgumentException("node " + name() + " has no link to " + node + "'s port '" + port
                        + "'; peers are " + cluster.nodeNames() + " and a link needs withPeerPort(\"" + port + "\", n) on " + node);
            }
            return address;
        }

        @Override
        public String dataDir() {
            return home.dataDir();
        }

        @Override
        public String file(String fileName) {
            return home.configDir() + "/" + fileName;
        }
    }

}
