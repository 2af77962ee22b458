package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Testcontainers settings this machine kind needs (ENVIRONMENT.md) reach every test JVM, with
 * -Pchaos or without, from one place: the root pom. A module that set them again would drift.
 */
class TestcontainersSettingsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void theTestJvmRunsWithoutRyukAndInAContainerIsToldTheDockerHost() {
        assertThat(System.getenv("TESTCONTAINERS_RYUK_DISABLED")).isEqualTo("true");
        if (Files.exists(Path.of("/.dockerenv"))) {
            assertThat(System.getenv("TESTCONTAINERS_HOST_OVERRIDE")).as("in a container (/.dockerenv)").isEqualTo("localhost");
        }
    }

    @Test
    void onlyTheRootPomSetsThem() throws IOException {
        // examples/ holds users' own projects, which build without our root pom
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> setting = files
                    .filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(examples|.*/?target|\\.git)/.*"))
                    .filter(TestcontainersSettingsTest::setsTestcontainers)
                    .map(ROOT::relativize)
                    .toList();
            assertThat(setting).containsExactly(Path.of("pom.xml"));
        }
    }

    private static boolean setsTestcontainers(Path pom) {
        try {
            return Files.readString(pom).contains("<TESTCONTAINERS_");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
