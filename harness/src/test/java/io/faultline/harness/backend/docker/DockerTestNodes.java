package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.CounterServer;
import io.faultline.harness.backend.PeerServer;
import io.faultline.harness.backend.cleanup.RunState;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.faultline.harness.NodeSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the Docker backend tests share: test server nodes, talking to them, and finding what carries a label. */
final class DockerTestNodes {

    static final int PORT = 7000;

    private DockerTestNodes() {
    }

    /** A {@link CounterServer} node named {@code name}, created (not started), its files in {@code runDir/name}. */
    static DockerNode counterServer(DockerBackend backend, Path runDir, String name) throws Exception {
        return javaNode(backend, runDir, name, CounterServer.class, home -> List.of(home.bindHost(), String.valueOf(PORT), home.dataDir()));
    }

    /** A {@link PeerServer} node named {@code name}, created (not started). */
    static DockerNode peerServer(DockerBackend backend, Path runDir, String name) throws Exception {
        return javaNode(backend, runDir, name, PeerServer.class, home -> List.of(String.valueOf(PORT)));
    }

    private static DockerNode javaNode(DockerBackend backend, Path runDir, String name, Class<?> main,
                                       Function<Backend.NodeHome, List<String>> args) throws Exception {
        NodeSpec spec = NodeSpec.javaMain(name, main.getName())
                .withClasspath(List.of(DockerClasspath.entryOf(main)))
                .withPort("main", PORT);
        Backend.NodeHome home = backend.home(spec, 0, runDir.resolve(name).resolve("data"), runDir.resolve(name).resolve("config"));
        return (DockerNode) backend.create(spec, home, args.apply(home), Map.of(), runDir.resolve("logs").resolve(name + ".log"));
    }

    /** Sends one command line to {@code host:port} and returns the answer line. */
    static String send(String address, String command) throws IOException {
        String[] hostPort = address.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            s.setSoTimeout(3000);
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(command);
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                throw new IOException("connection to " + address + " closed without an answer");
            }
            return answer;
        }
    }

    /**
     * Fails if any container or network created by this JVM is left. Classes run one after another,
     * each closing its backend first, so the last class's check covers the whole run.
     */
    static void assertNothingLeftByThisJvm() {
        String owner = RunState.ProcessRecord.of(null, ProcessHandle.current(), false).ownerMarker();
        assertThat(labelled(DockerEnvironment.requireClient(), DockerLeftovers.OWNER_LABEL, owner))
                .as("containers and networks this JVM left labelled " + DockerLeftovers.RUN_LABEL).isEmpty();
    }

    /** Names of containers, then networks, that carry {@code key=value}. */
    static List<String> labelled(DockerClient docker, String key, String value) {
        List<String> names = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(key, value)).exec()
                .forEach(c -> names.add("container " + String.join(",", c.getNames())));
        docker.listNetworksCmd().withFilter("label", List.of(key + "=" + value)).exec()
                .forEach(n -> names.add("network " + n.getName()));
        return names;
    }
}
