package io.faultline.harness.internal;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.docker.DockerEnvironment;
import io.faultline.harness.backend.docker.RequiresDocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerBackendChoiceTest {

    private static final String SOCKET_MISSING = "Docker not reachable: /var/run/docker.sock missing; start dockerd";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void forcingDockerWhereItCannotBeUsedSaysWhyAndTheFix() {
        assertThatThrownBy(() -> Backends.choose("docker", () -> Optional.of(SOCKET_MISSING), out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("faultline.backend=docker, but " + SOCKET_MISSING + ", or run with -Dfaultline.backend=process");
    }

    @Test
    void anUnknownBackendIsRefused() {
        assertThatThrownBy(() -> Backends.choose("kubernetes", Optional::empty, out))
                .hasMessage("faultline.backend must be docker or process, not 'kubernetes'");
    }

    @Test
    void withoutDockerTheProcessBackendIsChosenAndTheLineSaysWhy() {
        try (Backend backend = Backends.choose("", () -> Optional.of(SOCKET_MISSING), out)) {
            assertThat(backend.name()).isEqualTo("process");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("faultline: backend process (Docker not reachable: "
                + "/var/run/docker.sock missing; start dockerd or run with -Dfaultline.backend=process)" + System.lineSeparator());
    }

    @Test
    @RequiresDocker
    void withDockerReachableItIsChosenAndNamed() {
        try (Backend backend = Backends.choose(null, DockerEnvironment::problem, out)) {
            assertThat(backend.name()).isEqualTo("docker");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).matches("faultline: backend docker \\(Docker \\S+ reachable at \\S+\\)\\R");
    }
}
