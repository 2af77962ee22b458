package io.faultline.harness.backend.process;

import io.faultline.harness.backend.BackendNode;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.KernelPartitions;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.backend.ProcFs;
import io.faultline.harness.backend.ProxyHost;
import io.faultline.harness.backend.cleanup.Reaper;
import io.faultline.harness.backend.cleanup.RunMarker;
import io.faultline.harness.backend.cleanup.RunState;
import io.faultline.harness.backend.cleanup.Sweeper;

import io.faultline.harness.Launch;
import io.faultline.harness.NodeSpec;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs each node as a child process of the test JVM on its own loopback address: a run holds a block
 * {@code 127.0.b.0/24} ({@link LoopbackBlock}; {@code b} is 0 unless other runs are going), node
 * {@code i} on {@code 127.0.b.(i+2)}, the proxies on {@code 127.0.b.1}; so every node can listen on
 * the same port numbers, and two runs at once never meet. Nothing is bound on any other interface.
 *
 * <p>In {@code NetworkMode.KERNEL} its {@link KernelPartitions} are nftables rules between the
 * node processes, each in its own cgroup ({@link LoopbackPacketFilter}); a node must then listen
 * on its own address, and may dial from any.
 *
 * <p>Nothing a run starts survives it, even when the test JVM is killed with SIGKILL: a Java node
 * halts when its standard input, a pipe held by the test JVM, reaches end of file ({@link NodeMain});
 * a detached {@link Reaper} kills whatever else the run recorded or marked once the test JVM is gone;
 * and every run begins by sweeping what dead runs left ({@link Sweeper}). Every process carries its
 * run's marker ({@link RunMarker}) so that all three find exactly the run's processes.
 */
public final class ProcessBackend implements Backend, KernelPartitions {

    private final Map<String, String> env;
    private final Path runsDirectory;
    private final PrintStream console;

    private final List<ProcessNode> nodes = new ArrayList<>();
    private RunInfo run;
    private RunState state;
    private Optional<Path> setsid = Optional.empty();
    private Process reaper;
    private LocalProxyHost proxies;
    private LoopbackBlock block;
    private LoopbackPacketFilter filter;
    private final Map<String, String> addresses = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    public ProcessBackend() {
        this(System.getenv(), RunState.defaultDirectory(), System.err);
    }

    /**
     * @param env the environment to read {@code PATH} and {@code TOXIPROXY_URL} from
     * @param runsDirectory where runs keep their state files
     * @param console where the one-line notices (proxy choice, sweep) go
     */
    public ProcessBackend(Map<String, String> env, Path runsDirectory, PrintStream console) {
        this.env = Map.copyOf(env);
        this.runsDirectory = runsDirectory;
        this.console = console;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public synchronized ProxyHost start(RunInfo run) throws Exception {
        if (this.run != null) {
            throw new IllegalStateException("this process backend already runs " + this.run.id() + "; use a new one for run " + run.id());
        }
        this.run = run;
        setsid = findOnPath(env, "setsid");
        try {
            if (ProcFs.available()) {
                Sweeper.Swept swept = Sweeper.sweep(runsDirectory);
                if (!swept.isEmpty()) {
                    console.println(swept.describe());
                }
            } else {
                console.println("faultline: no /proc here: processes of a test JVM killed hard are not swept"
                        + " (Java nodes still exit with it)");
            }
            List<String> tables = LoopbackPacketFilter.sweep();
            if (!tables.isEmpty()) {
                console.println("faultline: swept the nftables tables of runs whose test JVM died: " + String.join(", ", tables));
            }
            block = LoopbackBlock.claim(runsDirectory);
            state = RunState.create(runsDirectory, run.id());
            boolean kernel = run.networkMode() == NetworkMode.KERNEL;
            reaper = Reaper.launch(state, run.id(), setsid, kernel ? LoopbackPacketFilter.deleteCommand(run.id()) : "").orElse(null);
            if (kernel) {
                enableKernelCuts();
            }
            proxies = LocalProxyHost.start(run, env, RunMarker.env(run.id(), state.owner(), LocalProxyHost.BINARY), state, setsid, console,
                    block.proxyAddress());
            return proxies;
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Node {@code index} on {@code 127.0.b.(index + 2)}, checked to be bindable; its directories are the host's. */
    @Override
    public NodeHome home(NodeSpec spec, int index, Path hostDataDir, Path hostConfigDir) throws IOException {
        refuseImage(spec);
        if (block == null) {
            throw new IllegalStateException("call start(run) before placing node " + spec.name());
        }
        String address = block.nodeAddress(index);
        addresses.put(spec.name(), address);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            // bindable: the address is local
        } catch (IOException e) {
            throw new IOException("node " + spec.name() + " needs the loopback address " + address
                    + ", which cannot be bound here (" + e.getMessage() + "). On Linux all of 127.0.0.0/8 is local;"
                    + " on macOS add it with: sudo ifconfig lo0 alias " + address + " up. Or run with -Dfaultline.backend=docker", e);
        }
        return new NodeHome(address, address, hostDataDir.toString(), hostConfigDir.toString());
    }

    @Override
    public synchronized BackendNode create(NodeSpec spec, NodeHome home, List<String> args, Map<String, String> nodeEnv, Path log)
            throws IOException {
        if (state == null) {
            throw new IllegalStateException("call start(run) before creating node " + spec.name());
        }
        Map<String, String> environment = new LinkedHashMap<>(nodeEnv);
        environment.putAll(RunMarker.env(run.id(), state.owner(), spec.name()));
        List<String> command = new ArrayList<>();
        boolean leadsGroup = false;
        if (spec.launch() instanceof Launch.JavaMain main) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // a target that looks up a peer by name during a partition must not cache the failure after heal
            command.add("-Dsun.net.inetaddr.negative.ttl=0");
            command.addAll(main.jvmArgs());
            command.addAll(RunMarker.jvmArgs(run.id(), state.owner(), spec.name()));
            command.add("-cp");
            command.add(classpath(main));
            command.add(NodeMain.class.getName());
            command.add(main.mainClass());
        } else if (spec.launch() instanceof Launch.Command cmd) {
            if (setsid.isPresent()) {
                command.add(setsid.get().toString());
                leadsGroup = true;
            }
            command.addAll(cmd.command());
        } else {
            refuseImage(spec);
        }
        command.addAll(args);
        // in KERNEL mode the node runs inside its own cgroup, by which the cuts know its packets
        List<String> launch = filter == null ? command : filter.enroll(address(spec.name()), command);
        ProcessNode node = new ProcessNode(spec.name(), home.bindHost(), launch, command.get(leadsGroup ? 1 : 0), environment, leadsGroup,
                log, state);
        nodes.add(node);
        return node;
    }

    /** Kills every node and what it started, stops the proxy server, and lets the reaper go. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String runName = run == null ? "(not started)" : run.id();
        IllegalStateException failure = new IllegalStateException("closing the process backend of run " + runName
                + " left something behind; see the causes below, and kill what they name by hand");
        for (ProcessNode node : nodes) {
            try {
                node.kill();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        if (proxies != null) {
            try {
                proxies.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (filter != null) {
            try {
                filter.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (block != null) {
            try {
                block.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            // the state file stays, and so the reaper: whatever survived dies with this JVM at the latest
            throw failure;
        }
        // last: while the file exists, the reaper would still clean up if this JVM died now
        if (state != null) {
            state.delete();
        }
    }

    /**
     * Opens the run's nftables table; fails, saying how to get the privilege or the tool, where that
     * cannot be done, so that a KERNEL-mode run never goes on uncut.
     */
    @Override
    public synchronized void enableKernelCuts() {
        if (filter == null) {
            filter = LoopbackPacketFilter.open(run.id());
        }
    }

    @Override
    public void cut(Collection<Cut> cuts) {
        kernel().cut(links(cuts));
    }

    @Override
    public void heal(Collection<Cut> cuts) {
        kernel().heal(links(cuts));
    }

    @Override
    public void healAll() {
        kernel().healAll();
    }

    @Override
    public Map<Cut, Long> droppedPackets() {
        Map<String, String> byAddress = new java.util.HashMap<>();
        addresses.forEach((node, address) -> byAddress.put(address, node));
        Map<Cut, Long> dropped = new LinkedHashMap<>();
        kernel().dropped().forEach((link, n) -> dropped.put(new Cut(byAddress.get(link.from()), byAddress.get(link.to())), n));
        return dropped;
    }

    /**
     * {@code ss -K} on every connection either node opened to the other: each node's sockets (found
     * by its cgroup, whatever address it dialled from) whose peer is the other's address. Each killed
     * socket resets its other end, so both nodes see the connection fail.
     */
    @Override
    public void dropConnections(String a, String b) {
        LoopbackPacketFilter filter = kernel();
        for (String[] pair : new String[][] {{a, b}, {b, a}}) {
            List<String> command = List.of("ss", "-K", "cgroup", filter.cgroupOf(address(pair[0])), "dst", address(pair[1]));
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + out.trim()
                            + " (dropping connections in KERNEL mode needs ss from iproute2 5.9 or later and CAP_NET_ADMIN)");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + String.join(" ", command) + ": install iproute2 (" + e.getMessage() + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
            }
        }
    }

    /** Every node shares this JVM's network namespace: its table lists every connection between their addresses. */
    @Override
    public List<String> directConnections() {
        Map<String, String> byAddress = new java.util.HashMap<>();
        addresses.forEach((node, address) -> byAddress.put(address, node));
        List<String> direct = new ArrayList<>();
        for (ProcFs.Connection c : ProcFs.connections(ProcessHandle.current().pid())) {
            String from = byAddress.get(c.local().getHostAddress());
            String to = byAddress.get(c.remote().getHostAddress());
            if (from != null && to != null && !from.equals(to)) {
                direct.add(from + " (" + c.local().getHostAddress() + ":" + c.localPort() + ") -> " + to + " ("
                        + c.remote().getHostAddress() + ":" + c.remotePort() + ")");
            }
        }
        return direct;
    }

    /** The loopback address of each node placed so far. */
    public Map<String, String> addresses() {
        return Map.copyOf(addresses);
    }

    private synchronized LoopbackPacketFilter kernel() {
        if (filter == null) {
            throw new IllegalStateException("kernel cuts are off in run " + (run == null ? "(not started)" : run.id())
                    + ": start it in NetworkMode.KERNEL (ClusterSpec.withNetworkMode)");
        }
        return filter;
    }

    private List<LoopbackPacketFilter.Link> links(Collection<Cut> cuts) {
        return cuts.stream().map(c -> new LoopbackPacketFilter.Link(address(c.from()), address(c.to()))).toList();
    }

    private String address(String node) {
        String address = addresses.get(node);
        if (address == null) {
            throw new IllegalArgumentException("no node " + node + " in run " + (run == null ? "(not started)" : run.id())
                    + "; nodes are " + addresses.keySet());
        }
        return address;
    }

    /** The reaper of the run, while it runs: it exits by itself within a second of a normal close. */
    public synchronized Optional<ProcessHandle> reaper() {
        return Optional.ofNullable(reaper).map(Process::toHandle);
    }

    synchronized Optional<Path> stateFile() {
        return Optional.ofNullable(state).map(RunState::file);
    }

    /** The executable {@code name} in a directory of the environment's {@code PATH}. */
    static Optional<Path> findOnPath(Map<String, String> env, String name) {
        String path = env.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The node's classpath (the test's own when it names none), with the harness added where {@link NodeMain} is not on it. */
    private static String classpath(Launch.JavaMain main) {
        List<String> entries = main.classpath().isEmpty()
                ? List.of(System.getProperty("java.class.path").split(File.pathSeparator))
                : new ArrayList<>(main.classpath());
        String harness = harnessLocation();
        if (entries.stream().noneMatch(entry -> Path.of(entry).toAbsolutePath().normalize().toString().equals(harness))) {
            entries = new ArrayList<>(entries);
            entries.add(harness);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String harnessLocation() {
        try {
            Path location = Path.of(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toAbsolutePath().normalize().toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the Faultline harness was loaded from,"
                    + " to put NodeMain on the node's classpath", e);
        }
    }

    private static void refuseImage(NodeSpec spec) {
        if (spec.launch() instanceof Launch.Image image) {
            throw new IllegalArgumentException("node " + spec.name() + " runs a container image (" + image.image()
                    + "); use -Dfaultline.backend=docker");
        }
    }
}
