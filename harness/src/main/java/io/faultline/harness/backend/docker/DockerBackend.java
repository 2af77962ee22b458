package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.BackendNode;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.KernelPartitions;
import io.faultline.harness.backend.ProcFs;
import io.faultline.harness.backend.ProxyHost;
import io.faultline.harness.backend.cleanup.RunState;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.faultline.harness.Launch;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.testcontainers.containers.Network;

/**
 * Nodes as containers on a network of their own, each reachable by its name; the proxy server as one
 * more container on it ({@link DockerProxy}). Java nodes run in a JRE image built locally from the
 * running JDK ({@link JreImage}) with their classpath mounted read-only; no image is ever pulled.
 * Host ports are bound to the loopback address only.
 *
 * <p>Everything it creates is labelled with the run and the owning JVM; {@link #close()} removes it
 * all, a detached reaper removes it if this JVM is killed first, and every {@link #start} sweeps
 * what dead JVMs left ({@link DockerLeftovers}). Its {@link KernelPartitions} are iptables rules in
 * each container's network namespace ({@link DockerIptables}), for {@code NetworkMode.KERNEL}.
 *
 * <p>Nodes reach each other by name: every container joins the run's network with its node's name as
 * its alias, so a node's advertised address ({@code NodeContext.self}) is {@code <name>:<port>}, which
 * every peer resolves through Docker's DNS; the node itself binds every address of its container.
 */
public final class DockerBackend implements Backend, KernelPartitions {

    /** Host ports are bound here, and addresses handed out use it. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * Security properties for Java nodes. A killed container's name stops resolving and a restarted
     * one may get another address; a JVM caches failed lookups for 10 s and successful ones for 30 s,
     * which would stretch every restart by as much. {@code -Dsun.net.inetaddr.negative.ttl} does not
     * help: the JDK's java.security sets networkaddress.cache.negative.ttl, which takes precedence,
     * so the node gets a security file of its own that overrides it.
     */
    private static final String DNS_SECURITY_FILE = "faultline-java.security";
    private static final String DNS_NOT_CACHED = "networkaddress.cache.ttl=0\nnetworkaddress.cache.negative.ttl=0\n";

    private static final String DATA_DIR = "/data";
    private static final String CONFIG_DIR = "/config";

    private final RunState.ProcessRecord owner = RunState.ProcessRecord.of(null, ProcessHandle.current(), false);
    private final Map<String, HostDirs> hostDirs = new ConcurrentHashMap<>();
    private final Map<String, DockerNode> nodes = new ConcurrentHashMap<>();
    /** Directories of nodes that run an image, as its own user: root's files there are given back at close. */
    private final List<Path> imageNodeDirs = new CopyOnWriteArrayList<>();
    private final DockerIptables iptables = new DockerIptables();
    private DockerClient docker;
    private RunInfo run;
    private String jreImage;
    private Network network;
    private DockerProxy proxy;
    private Optional<Path> reaperMarker = Optional.empty();
    private boolean closed;

    /** A node's directories on the host, mounted at {@value #DATA_DIR} and {@value #CONFIG_DIR}. */
    private record HostDirs(Path data, Path config) {
    }

    @Override
    public String name() {
        return "docker";
    }

    /**
     * The image Java nodes run in ({@code faultline/jre:<hash>}, a JRE cut from the running JDK),
     * built first if this machine does not have it yet: for running something beside a cluster in
     * the same image, such as a benchmark's baseline.
     */
    public static String javaImage() throws IOException, InterruptedException {
        return new JreImage(DockerEnvironment.requireClient()).ensure();
    }

    /** Sweeps dead runs' leftovers, makes sure the JRE image exists, starts the reaper, the network and the proxy server. */
    @Override
    public ProxyHost start(RunInfo run) throws Exception {
        this.run = run;
        docker = DockerEnvironment.requireClient();
        if (run.networkMode() == NetworkMode.KERNEL) {
            iptables.check();
        }
        try {
            DockerLeftovers.sweep(docker);
            jreImage = new JreImage(docker).ensure();
            reaperMarker = DockerLeftovers.startReaper(run.id(), owner);
            network = Network.builder()
                    .createNetworkCmdModifier(cmd -> cmd.withName(networkName()).withLabels(labels()))
                    .build();
            network.getId();
            proxy = DockerProxy.start(docker, network, jreImage, containerName(DockerProxy.ALIAS), labels(), run.clientProxyCount(),
                    run.directory().resolve("logs").resolve(DockerProxy.ALIAS + ".log"));
            return proxy;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The node is reached by its name on the run's network; its data and config directories are mounted from the host. */
    @Override
    public NodeHome home(NodeSpec spec, int index, Path hostDataDir, Path hostConfigDir) throws IOException {
        if (spec.name().equals(DockerProxy.ALIAS)) {
            throw new IllegalArgumentException("a node cannot be named " + DockerProxy.ALIAS + ": the proxy server has that name");
        }
        // Made here, by the host user: a mount point Docker creates is root's.
        Files.createDirectories(hostDataDir);
        Files.createDirectories(hostConfigDir);
        hostDirs.put(spec.name(), new HostDirs(hostDataDir.toAbsolutePath(), hostConfigDir.toAbsolutePath()));
        return new NodeHome("0.0.0.0", spec.name(), DATA_DIR, CONFIG_DIR);
    }

    /**
     * Creates the node's container. Java mains and commands run in the JRE image as the user who
     * owns the data directory, so the host can read and delete what they write; an image runs as
     * its own user.
     */
    @Override
    public BackendNode create(NodeSpec spec, NodeHome home, List<String> args, Map<String, String> env, Path log) throws Exception {
        HostDirs dirs = hostDirs.get(spec.name());
        if (dirs == null) {
            throw new IllegalStateException("home() was not called for node " + spec.name() + " before create()");
        }
        List<Bind> binds = new ArrayList<>(List.of(new Bind(dirs.data().toString(), new Volume(DATA_DIR), AccessMode.rw),
                new Bind(dirs.config().toString(), new Volume(CONFIG_DIR), AccessMode.rw)));
        String image = jreImage;
        boolean inJreImage = true;
        List<String> command = new ArrayList<>();
        if (spec.launch() instanceof Launch.JavaMain main) {
            DockerClasspath classpath = DockerClasspath.mount(main.classpath().isEmpty() ? DockerClasspath.ofThisJvm() : main.classpath());
            binds.addAll(classpath.binds());
            command.add("java");
            java.nio.file.Files.writeString(dirs.config().resolve(DNS_SECURITY_FILE), DNS_NOT_CACHED);
            command.add("-Djava.security.properties=" + CONFIG_DIR + "/" + DNS_SECURITY_FILE);
            command.addAll(main.jvmArgs());
            command.addAll(List.of("-cp", classpath.classpath(), main.mainClass()));
        } else if (spec.launch() instanceof Launch.Command c) {
            command.addAll(c.command());
        } else if (spec.launch() instanceof Launch.Image i) {
            image = i.image();
            inJreImage = false;
            if (!JreImage.exists(docker, image)) {
                throw new IllegalStateException("node " + spec.name() + " runs image " + image + ", which is not present locally, "
                        + "and no registry is reachable to pull it: build or load it first (docker build / docker load)");
            }
            imageNodeDirs.addAll(List.of(dirs.data(), dirs.config()));
        }
        command.addAll(args);

        Map<String, String> allEnv = new LinkedHashMap<>(spec.env());
        allEnv.putAll(env);
        List<ExposedPort> exposed = spec.ports().values().stream().distinct().map(ExposedPort::tcp).toList();
        CreateContainerCmd cmd = docker.createContainerCmd(image)
                .withName(containerName(spec.name()))
                .withHostName(spec.name())
                .withLabels(labels())
                .withEnv(allEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(exposed)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(network.getId())
                        .withBinds(binds)
                        .withPortBindings(exposed.stream().map(p -> new PortBinding(Ports.Binding.bindIp(LOOPBACK), p)).toList()))
                .withAliases(spec.name());
        if (inJreImage) {
            cmd.withUser(uidGid(dirs.data())).withWorkingDir(DATA_DIR);
        }
        if (!command.isEmpty()) {
            cmd.withCmd(command);
        }
        String id = cmd.exec().getId();
        DockerNode node = new DockerNode(docker, spec.name(), id, networkName(), log, iptables::started);
        nodes.put(spec.name(), node);
        return node;
    }

    @Override
    public void enableKernelCuts() {
        iptables.check();
    }

    @Override
    public void cut(Collection<Cut> cuts) {
        for (Cut cut : cuts) {
            iptables.cut(node(cut.from()), node(cut.to()));
        }
    }

    @Override
    public void heal(Collection<Cut> cuts) {
        for (Cut cut : cuts) {
            iptables.heal(node(cut.from()), node(cut.to()));
        }
    }

    @Override
    public void dropConnections(String a, String b) {
        iptables.dropConnections(node(a), node(b));
    }

    @Override
    public Map<Cut, Long> droppedPackets() {
        return iptables.dropped();
    }

    @Override
    public void healAll() {
        iptables.healAll();
    }

    /** Read in each running container's namespace, from the host: a connection whose far end is another node's address. */
    @Override
    public List<String> directConnections() {
        Map<String, String> byIp = new java.util.HashMap<>();
        Map<String, Integer> pids = new java.util.HashMap<>();
        nodes.forEach((name, node) -> {
            node.ip().ifPresent(ip -> byIp.put(ip, name));
            node.pid().ifPresent(pid -> pids.put(name, pid));
        });
        List<String> direct = new ArrayList<>();
        pids.forEach((name, pid) -> {
            for (ProcFs.Connection c : ProcFs.connections(pid)) {
                String to = byIp.get(c.remote().getHostAddress());
                if (to != null && !to.equals(name)) {
                    direct.add(name + " (" + c.local().getHostAddress() + ":" + c.localPort() + ") -> " + to + " ("
                            + c.remote().getHostAddress() + ":" + c.remotePort() + ")");
                }
            }
        });
        return direct;
    }

    /** Removes every container and the network of this run, and nothing else; never throws. */
    @Override
    public synchronized void close() {
        if (docker == null || closed) {
            return;
        }
        closed = true;
        if (proxy != null) {
            attempt("stop the proxy server", proxy::stop);
        }
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerLeftovers.RUN_LABEL, run.id())).exec()) {
            attempt("remove container " + c.getId(), () -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        }
        nodes.values().forEach(DockerNode::closeLog);
        giveBackImageNodesFiles();
        if (network != null) {
            attempt("remove network " + networkName(), network::close);
        }
        reaperMarker.ifPresent(marker -> attempt("stop the reaper", () -> {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private void giveBackImageNodesFiles() {
        try {
            String user = uidGid(run.directory());
            if (imageNodeDirs.isEmpty() || user.equals("0:0")) {
                return;
            }
            DockerDataOwnership.giveBack(docker, jreImage, user, imageNodeDirs, labels());
        } catch (IOException | DockerException e) {
            System.err.println("faultline: could not give the files of image nodes back to the owner of " + run.directory() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DockerNode node(String name) {
        DockerNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " in this run; nodes are " + nodes.keySet());
        }
        return node;
    }

    private Map<String, String> labels() {
        return DockerLeftovers.labels(run.id(), owner);
    }

    /** {@code faultline-<run>}; Docker allows [a-zA-Z0-9_.-] in names. */
    private String networkName() {
        return "faultline-" + run.id().replaceAll("[^a-zA-Z0-9_.-]", "-");
    }

    /** {@code faultline-<run>-<node>}, unique on the host; on the run's network the node is reached by its own name. */
    private String containerName(String node) {
        return networkName() + "-" + node;
    }

    private static String uidGid(Path dir) throws IOException {
        return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
    }

    private static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (NotFoundException e) {
            // already gone
        } catch (DockerException | IllegalStateException e) {
            System.err.println("faultline: could not " + what + " while closing the Docker backend: " + e.getMessage());
        }
    }
}
