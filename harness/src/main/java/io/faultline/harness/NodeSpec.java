package io.faultline.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How to start one node: immutable; every {@code with...} returns a copy.
 *
 * <pre>{@code
 * NodeSpec.javaMain("zk1", "org.apache.zookeeper.server.quorum.QuorumPeerMain")
 *         .withPort("client", 2181).withPeerPort("quorum", 2888).withPeerPort("election", 3888)
 *         .withFile("zoo.cfg", ctx -> "dataDir=" + ctx.dataDir() + "\n" + ...)
 *         .withArgs(ctx -> List.of(ctx.file("zoo.cfg")))
 *         .withHealthCheck(HealthCheck.tcp("client"));
 * }</pre>
 *
 * @param name unique in the cluster
 * @param launch what runs
 * @param ports named ports the node listens on
 * @param peerPorts names of ports that other nodes connect to; each node-to-node link on them gets a proxy
 * @param clientPorts names of ports that clients connect to; each gets a client-to-node proxy
 * @param files configuration files rendered for the node at each start
 * @param args arguments after the launch's own
 * @param env environment variables
 * @param healthCheck when a started node counts as ready
 * @param startTimeout how long a start may take before it fails with the node's log
 */
public record NodeSpec(
        String name,
        Launch launch,
        Map<String, Integer> ports,
        Set<String> peerPorts,
        Set<String> clientPorts,
        Map<String, Function<NodeContext, String>> files,
        Function<NodeContext, List<String>> args,
        Map<String, String> env,
        HealthCheck healthCheck,
        Duration startTimeout) {

    public NodeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(launch, "launch");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("node name '" + name + "' must be lower-case letters, digits and '-', "
                    + "starting with a letter (it becomes a host name and a directory)");
        }
        ports = Map.copyOf(ports);
        peerPorts = Set.copyOf(peerPorts);
        clientPorts = Set.copyOf(clientPorts);
        files = Map.copyOf(files);
        env = Map.copyOf(env);
        for (String p : peerPorts) {
            requirePort(ports, p);
        }
        for (String p : clientPorts) {
            requirePort(ports, p);
        }
    }

    private static void requirePort(Map<String, Integer> ports, String p) {
        if (!ports.containsKey(p)) {
            throw new IllegalArgumentException("port '" + p + "' is not declared; add withPort(\"" + p + "\", number) first");
        }
    }

    /** A node that runs {@code mainClass} in a JVM on the test's classpath. */
    public static NodeSpec javaMain(String name, String mainClass) {
        return of(name, new Launch.JavaMain(mainClass, List.of(), List.of()));
    }

    /** A node that runs a command. */
    public static NodeSpec command(String name, String... command) {
        return of(name, new Launch.Command(List.of(command)));
    }

    /** A node that runs a locally present container image (Docker backend only). */
    public static NodeSpec image(String name, String image) {
        return of(name, new Launch.Image(image));
    }

    private static NodeSpec of(String name, Launch launch) {
        return new NodeSpec(name, launch, Map.of(), Set.of(), Set.of(), Map.of(), ctx -> List.of(), Map.of(),
                node -> true, Duration.ofSeconds(60));
    }

    public NodeSpec withName(String newName) {
        return new NodeSpec(newName, launch, ports, peerPorts, clientPorts, files, args, env, healthCheck, startTimeout);
    }

    public NodeSpec withJvmArgs(String... jvmArgs) {
        if (!(launch instanceof Launch.JavaMain main)) {
            throw new IllegalStateException("JVM arguments apply to a javaMain node; " + name + " runs " + launch);
        }
        List<String> all = new ArrayList<>(main.jvmArgs());
        all.addAll(List.of(jvmArgs));
        return withLaunch(new Launch.JavaMain(main.mainClass(), all, main.classpath()));
    }

    public NodeSpec withClasspath(List<String> classpath) {
        if (!(launch instanceof Launch.JavaMain main)) {
            throw new IllegalStateException("a classpath applies to a javaMain node; " + name + " runs " + launch);
        }
        return withLaunch(new Launch.JavaMain(main.mainClass(), main.jvmArgs(), classpath));
    }

    public NodeSpec withLaunch(Launch newLaunch) {
        return new NodeSpec(name, newLaunch, ports, peerPorts, clientPorts, files, args, env, healthCheck, startTimeout);
    }

    /** Declares a port the node listens on. */
    public NodeSpec withPort(String portName, int number) {
        Map<String, Integer> p = new LinkedHashMap<>(ports);
        p.put(portName, number);
        return new NodeSpec(name, launch, p, peerPorts, clientPorts, files, args, env, healthCheck, startTimeout);
    }

    /** Declares a port other nodes connect to: each link to it gets its own proxy. */
    public NodeSpec withPeerPort(String portName, int number) {
        NodeSpec withPort = withPort(portName, number);
        Set<String> s = new LinkedHashSet<>(peerPorts);
        s.add(portName);
        return new NodeSpec(name, launch, withPort.ports, s, clientPorts, files, args, env, healthCheck, startTimeout);
    }

    /** Declares a port clients connect to: clients reach it through a proxy. */
    public NodeSpec withClientPort(String portName, int number) {
        NodeSpec withPort = withPort(portName, number);
        Set<String> s = new LinkedHashSet<>(clientPorts);
        s.add(portName);
        return new NodeSpec(name, launch, withPort.ports, peerPorts, s, files, args, env, healthCheck, startTimeout);
    }

    /** A configuration file rendered for the node at each start; {@link NodeContext#file} gives its path. */
    public NodeSpec withFile(String fileName, Function<NodeContext, String> content) {
        Map<String, Function<NodeContext, String>> f = new LinkedHashMap<>(files);
        f.put(fileName, content);
        return new NodeSpec(name, launch, ports, peerPorts, clientPorts, f, args, env, healthCheck, startTimeout);
    }

    public NodeSpec withArgs(Function<NodeContext, List<String>> newArgs) {
        return new NodeSpec(name, launch, ports, peerPorts, clientPorts, files, newArgs, env, healthCheck, startTimeout);
    }

    public NodeSpec withEnv(String key, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(key, value);
        return new NodeSpec(name, launch, ports, peerPorts, clientPorts, files, args, e, healthCheck, startTimeout);
    }

    public NodeSpec withHealthCheck(HealthCheck check) {
        return new NodeSpec(name, launch, ports, peerPorts, clientPorts, files, args, env, check, startTimeout);
    }

    public NodeSpec withStartTimeout(Duration timeout) {
        return new NodeSpec(name, launch, ports, peerPorts, clientPorts, files, args, env, healthCheck, timeout);
    }
}
