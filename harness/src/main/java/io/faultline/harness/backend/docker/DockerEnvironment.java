package io.faultline.harness.backend.docker;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/**
 * Whether this JVM can use Docker through Testcontainers, answered quickly. Testcontainers must be
 * configured before it is first asked: without {@code TESTCONTAINERS_HOST_OVERRIDE} on a machine
 * with {@code /.dockerenv} it tries to pull an image to find the gateway and gives up after 120 s,
 * and without {@code TESTCONTAINERS_RYUK_DISABLED} it tries to pull Ryuk. No registry is reachable
 * here, so both are checked first; both are read from the environment only.
 */
public final class DockerEnvironment {

    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private DockerEnvironment() {
    }

    /**
     * Why Docker cannot be used, ending in the fix ("...; start dockerd"), or empty when it can.
     * Asks the daemon only once the configuration is right, so it never hangs.
     */
    public static Optional<String> problem() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || dockerHost.startsWith("unix://")) {
            // Testcontainers falls back from DOCKER_HOST to the default socket
            List<Path> sockets = dockerHost == null ? List.of(DEFAULT_SOCKET)
                    : List.of(Path.of(dockerHost.substring("unix://".length())), DEFAULT_SOCKET);
            if (sockets.stream().noneMatch(Files::exists)) {
                return Optional.of("Docker not reachable: " + sockets.stream().map(Path::toString).collect(Collectors.joining(" and "))
                        + " missing; start dockerd");
            }
        }
        if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return Optional.of("Docker not usable: TESTCONTAINERS_RYUK_DISABLED is not true (Ryuk's image cannot be "
                    + "pulled without a registry; Faultline removes what it creates itself); "
                    + "export TESTCONTAINERS_RYUK_DISABLED=true");
        }
        if (Files.exists(Path.of("/.dockerenv")) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
            return Optional.of("Docker not usable: /.dockerenv exists and TESTCONTAINERS_HOST_OVERRIDE is not set, so "
                    + "Testcontainers would pull an image to find the Docker host and give up after 120 s; "
                    + "export TESTCONTAINERS_HOST_OVERRIDE=localhost");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.of("Docker not reachable at " + endpoint() + " (`docker info` says why); start dockerd");
        }
        return Optional.empty();
    }

    /** Throws, saying the fix, unless Docker can be used. */
    static DockerClient requireClient() {
        problem().ifPresent(p -> {
            throw new IllegalStateException(p + ", or run with -Dfaultline.backend=process");
        });
        return DockerClientFactory.instance().client();
    }

    /** {@code Docker 20.10.24 reachable at unix:///var/run/docker.sock}; only once {@link #problem()} is empty. */
    public static String describe() {
        DockerClientFactory docker = DockerClientFactory.instance();
        return "Docker " + docker.getInfo().getServerVersion() + " reachable at " + docker.getTransportConfig().getDockerHost();
    }

    private static String endpoint() {
        String dockerHost = System.getenv("DOCKER_HOST");
        return dockerHost != null ? dockerHost : "unix://" + DEFAULT_SOCKET;
    }
}
