package io.faultline.suites.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Launch;
import io.faultline.harness.NodeContext;
import io.faultline.harness.NodeSpec;
import io.faultline.suites.zookeeper.FourLetterWords;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The baselines: the nodes of a Faultline cluster spec started the plain way, with no harness and
 * no proxies. Each node runs the spec's own main class with its own JVM arguments and arguments, and
 * its configuration files are rendered by the spec's own functions, given a context in which every
 * peer is addressed directly instead of through a link's proxy. So the only difference from a
 * Faultline boot is what Faultline adds.
 */
final class PlainEnsembles {
    /** Containers and networks the baselines create carry it, with this JVM's pid, so that leftovers can be found. */
    static final String LABEL = "faultline.bench";

    private static final Set<String> SERVING = Set.of("leader", "follower");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final long POLL_MILLIS = 20;

    private PlainEnsembles() {
    }

    /** A started baseline; closing it kills every node and removes what was created. */
    interface Started extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Node i as a child process on 127.0.0.(i+2), like the process backend's nodes, with its files
     * under {@code dir}; returns once every node's {@code srvr} says leader or follower.
     */
    static Started processes(ClusterSpec spec, String clientPort, Path dir) throws Exception {
        List<Process> processes = new ArrayList<>();
        Started started = () -> {
            processes.forEach(Process::destroyForcibly);
            for (Process p : processes) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < spec.nodes().size(); i++) {
                NodeSpec node = spec.nodes().get(i);
                String host = "127.0.0." + (i + 2);
                Path data = Files.createDirectories(dir.resolve(node.name()).resolve("data"));
                Path config = Files.createDirectories(dir.resolve(node.name()).resolve("config"));
                DirectContext ctx = new DirectContext(spec, i, host, data.toString(), config.toString(),
                        (peer, port) -> "127.0.0." + (spec.nodeNames().indexOf(peer) + 2) + ":" + spec.node(peer).ports().get(port));
                render(node, ctx, config);
                Launch.JavaMain main = (Launch.JavaMain) node.launch();
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(main.jvmArgs());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.mainClass()));
                command.addAll(node.args().apply(ctx));
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve(node.name() + ".log").toFile()).start());
                addresses.add(host + ":" + node.ports().get(clientPort));
            }
            awaitServing(addresses, () -> processes.stream().filter(p -> !p.isAlive()).findFirst()
                    .map(p -> "a node exited with code " + p.exitValue() + "; see the logs in " + dir).orElse(null));
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    /**
     * Node i as a Testcontainers {@link GenericContainer} of {@code image}, started all at once on one
     * network where each is reached by its name, this JVM's classpath bind-mounted read-only and its
     * files mounted from {@code dir}, its client port mapped to the host's loopback; returns once every
     * node's {@code srvr} says leader or follower.
     */
    static Started containers(ClusterSpec spec, String clientPort, String image, Path dir) throws Exception {
        String name = "faultline-bench-" + ProcessHandle.current().pid() + "-" + dir.getFileName();
        Map<String, String> labels = Map.of(LABEL, Long.toString(ProcessHandle.current().pid()));
        Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withName(name).withLabels(labels)).build();
        List<GenericContainer<?>> containers = new ArrayList<>();
        Started started = () -> {
            for (GenericContainer<?> c : containers) {
                if (c.isRunning()) {
                    try {
                        // kept beside the node's files, as the process baseline's logs are
                        String node = c.getNetworkAliases().get(c.getNetworkAliases().size() - 1);
                        Files.writeString(dir.resolve(node + ".log"), "# container started at " + c.getContainerInfo().getState().getStartedAt() + "\n" + c.getLogs());
                    } catch (IOException | RuntimeException e) {
                        System.err.println("bench: could not keep the log of " + c.getContainerName() + ": " + e);
                    }
                }
                c.stop();
            }
            network.close();
        };
        try {
            List<Bind> classpath = new ArrayList<>();
            List<String> inContainer = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path host = Path.of(entry).toAbsolutePath();
                if (Files.exists(host)) {
                    String target = "/cp/" + classpath.size() + (Files.isDirectory(host) ? "" : "/" + host.getFileName());
                    classpath.add(new Bind(host.toString(), new Volume(target), AccessMode.ro));
                    inContainer.add(target);
                }
            }
            for (int i = 0; i < spec.nodes().size(); i++) {
                NodeSpec node = spec.nodes().get(i);
                Path data = Files.createDirectories(dir.resolve(node.name()).resolve("data"));
                Path config = Files.createDirectories(dir.resolve(node.name()).resolve("config"));
                DirectContext ctx = new DirectContext(spec, i, "0.0.0.0", "/data", "/config",
                        (peer, port) -> peer + ":" + spec.node(peer).ports().get(port));
                render(node, ctx, config);
                Launch.JavaMain main = (Launch.JavaMain) node.launch();
                List<String> command = new ArrayList<>(List.of("java"));
                command.addAll(main.jvmArgs());
                command.addAll(List.of("-cp", String.join(":", inContainer), main.mainClass()));
                command.addAll(node.args().apply(ctx));
                List<Bind> binds = new ArrayList<>(classpath);
                binds.add(new Bind(data.toString(), new Volume("/data"), AccessMode.rw));
                binds.add(new Bind(config.toString(), new Volume("/config"), AccessMode.ro));
                int port = node.ports().get(clientPort);
                String user = Files.getAttribute(data, "unix:uid") + ":" + Files.getAttribute(data, "unix:gid");
                GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                        .withNetwork(network)
                        .withNetworkAliases(node.name())
                        .withLabels(labels)
                        .withExposedPorts(port)
                        .withCommand(command.toArray(String[]::new))
                        .waitingFor(new StartedIsEnough())
                        .withCreateContainerCmdModifier(cmd -> {
                            cmd.withName(name + "-" + node.name()).withUser(user).withWorkingDir("/data");
                            // as the Docker backend does: withFileSystemBind would make Testcontainers check
                            // file mounting with an alpine container, which cannot be pulled here
                            cmd.getHostConfig().withBinds(binds).withPortBindings(
                                    new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(port)));
                        });
                containers.add(container);
            }
            Startables.deepStart(containers).join();
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                addresses.add("127.0.0.1:" + containers.get(i).getMappedPort(spec.nodes().get(i).ports().get(clientPort)));
            }
            awaitServing(addresses, () -> containers.stream().filter(c -> !c.isRunning()).findFirst()
                    .map(c -> "container " + c.getContainerName() + " stopped:\n" + c.getLogs()).orElse(null));
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    /** Containers and networks of baselines run by JVMs that are gone, removed. */
    static void sweep() {
        DockerClient docker = DockerClientFactory.instance().client();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec().stream()
                .filter(c -> ownerIsGone(c.getLabels().get(LABEL)))
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        docker.listNetworksCmd().withFilter("label", List.of(LABEL)).exec().stream()
                .filter(n -> ownerIsGone(n.getLabels().get(LABEL)))
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    }

    private static boolean ownerIsGone(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void render(NodeSpec node, NodeContext ctx, Path configDir) throws IOException {
        for (var file : node.files().entrySet()) {
            Files.writeString(configDir.resolve(file.getKey()), file.getValue().apply(ctx), StandardCharsets.UTF_8);
        }
    }

    /** Polls every node's {@code srvr} every 20 ms until all say leader or follower; {@code dead} says why one never will. */
    private static void awaitServing(List<String> addresses, java.util.function.Supplier<String> dead) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        boolean[] serving = new boolean[addresses.size()];
        while (true) {
            boolean all = true;
            for (int i = 0; i < addresses.size(); i++) {
                if (!serving[i]) {
                    serving[i] = isServing(addresses.get(i));
                    all &= serving[i];
                }
            }
            if (all) {
                return;
            }
            String why = dead.get();
            if (why != null) {
                throw new IllegalStateException("the baseline ensemble cannot form: " + why);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the baseline ensemble at " + addresses + " was not serving within " + READY_TIMEOUT);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static boolean isServing(String address) {
        try {
            return FourLetterWords.field(FourLetterWords.srvr(address), "Mode").filter(SERVING::contains).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The container counts as started once it runs: readiness is what {@link #awaitServing} measures, for all nodes at once. */
    private static final class StartedIsEnough extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
        }
    }

    /** A node's context with every peer addressed directly. */
    private record DirectContext(ClusterSpec cluster, int index, String bindHost, String dataDir, String configDir,
                                 BiFunction<String, String, String> direct) implements NodeContext {
        @Override
        public String name() {
            return cluster.nodes().get(index).name();
        }

        @Override
        public List<String> nodes() {
            return cluster.nodeNames();
        }

        @Override
        public int port(String port) {
            return cluster.nodes().get(index).ports().get(port);
        }

        @Override
        public String self(String port) {
            return bindHost + ":" + port(port);
        }

        @Override
        public String peer(String node, String port) {
            return direct.apply(node, port);
        }

        @Override
        public String file(String fileName) {
            return configDir + "/" + fileName;
        }
    }
}
