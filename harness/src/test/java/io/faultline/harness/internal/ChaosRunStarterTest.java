package io.faultline.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rerun command, by the shape of the build the test runs in (the replay itself: suites' RerunCommandTest). */
class ChaosRunStarterTest {
    @TempDir
    Path dir;

    @Test
    void aModuleOfAMultiModuleBuildIsRerunWithTheModulesItNeedsAndAFilterTheOthersMayNotMatch() throws IOException {
        Path module = pom(dir.resolve("build"));
        pom(module.resolve("services"));
        module = pom(module.resolve("services").resolve("orders"));

        assertThat(ChaosRunStarter.rerunCommand(RunOptions.defaults().withTestName("OrdersChaosTest#survivesKills"), 42,
                "docker", module)).isEqualTo("mvn verify -Pchaos -pl services/orders -am -Dtest=OrdersChaosTest#survivesKills"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.seed=42 -Dfaultline.backend=docker");
    }

    @Test
    void aStandaloneProjectIsRerunFromItsOwnDirectory() throws IOException {
        Path project = pom(dir.resolve("my-service"));

        assertThat(ChaosRunStarter.rerunCommand(RunOptions.defaults().withTestName("CounterChaosTest$Nested#partitions"), 7,
                "process", project)).isEqualTo(
                        "mvn verify -Pchaos '-Dtest=CounterChaosTest$Nested#partitions' -Dfaultline.seed=7 -Dfaultline.backend=process");
    }

    @Test
    void withoutATestNameTheRerunIsTheCallThatStartsTheRun() {
        assertThat(ChaosRunStarter.rerunCommand(RunOptions.defaults(), 3, "process", dir))
                .isEqualTo("ChaosRun.start(spec, RunOptions.defaults().withSeed(3).withBackend(\"process\"))");
    }

    private static Path pom(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("pom.xml"), "<project/>\n");
        return directory;
    }
}
