package io.faultline.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.HealthCheck;
import io.faultline.harness.NodeSpec;
import io.faultline.harness.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hunt goes on past a run that fails, records it, and fails at the end naming it. */
class HuntTest {
    @TempDir
    Path dir;

    /** A node that exits at once with code 3: its cluster never boots. */
    public static final class ExitsAtOnce {
        public static void main(String[] args) {
            System.exit(3);
        }
    }

    @Test
    void aRunThatDoesNotBootIsRecordedAndTheHuntGoesOnThenFailsNamingIt() {
        ClusterSpec broken = ClusterSpec.of("broken", NodeSpec.javaMain("n1", ExitsAtOnce.class.getName())
                .withPort("main", 7000).withHealthCheck(HealthCheck.tcp("main")));
        Hunt hunt = new Hunt("broken-hunt", "HuntTest#broken", broken, () -> {
            throw new AssertionError("no workload should be asked for: the cluster does not boot");
        }, () -> Schedule.builder().build(), CasRegister.casRegister(0L)).onBackend("process");

        String previous = System.getProperty("faultline.dir");
        System.setProperty("faultline.dir", dir.toString());
        try {
            assertThatThrownBy(() -> hunt.run(41, 2, null))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 of 2 runs of hunt broken-hunt failed")
                    .hasMessageContaining("seed 41: cluster broken did not boot")
                    .hasMessageContaining("seed 42: cluster broken did not boot");
        } finally {
            if (previous == null) {
                System.clearProperty("faultline.dir");
            } else {
                System.setProperty("faultline.dir", previous);
            }
        }
        Path table = dir.resolve("hunts").resolve("broken-hunt.md");
        assertThat(table).exists();
        assertThat(table).content().contains("| 41 | process | 0 | run failed |", "| 42 | process | 0 | run failed |");
        assertThat(Files.isDirectory(dir.resolve("hunts/broken-hunt/seed-41"))).as("the failed run's evidence").isTrue();
    }
}
