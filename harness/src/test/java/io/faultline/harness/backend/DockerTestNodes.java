package io.faultline.harness.backend;

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

/** What the Docker backend tests share: TickServer nodes, talking to them, and finding what carries a label. */
final class DockerTestNodes {

    static final int PORT = 7000;

    private DockerTestNodes() {
    }

    /** A TickServer node named {@code name}, created (not started) in {@code runDir/name}. */
    static DockerNode tickServer(DockerBackend backend, Path runDir, String name) throws Exception {
        NodeSpec spec = NodeSpec.javaMain(name, TickServer.class.getName())
                .withClasspath(List.of(DockerClasspath.entryOf(TickServer.class)))
                .withPort("main", PORT);
        Backend.NodeHome home = backend.home(spec, 0, runDir.resolve(name).resolve("data"), runDir.resolve(name).resolve("config"));
        return (DockerNode) backend.create(spec, home, List.of(String.valueOf(PORT), home.dataDir()), Map.of(),
                runDir.resolve("logs").resolve(name + ".log"));
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
        assertThat(labelled(DockerEnvironment.requireClient(), DockerLeftovers.OWNER_LABEL, Owner.current().label()))
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
