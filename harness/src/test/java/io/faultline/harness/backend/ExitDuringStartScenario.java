package io.faultline.harness.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.NodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a node that exits while it starts must cause, whichever backend runs it: a node that prints 40
 * lines and exits with code 3 fails its wait for readiness with that code, where its log is, and the
 * log's last 30 lines (11 to 40). Both backends' tests run it on their own nodes.
 */
public final class ExitDuringStartScenario {
    private ExitDuringStartScenario() {
    }

    public static void run(Backend backend, Path runDir, Path log, Duration startTimeout)
            throws Exception {
        NodeSpec spec = NodeSpec.javaMain("broken", FailingMain.class.getName());
        Backend.NodeHome home = backend.home(spec, 0, runDir.resolve("broken/data"), runDir.resolve("broken/config"));
        BackendNode node = backend.create(spec, home, List.of("40", "3"), Map.of(), log);
        node.start();

        assertThatThrownBy(() -> node.awaitReady(() -> false, startTimeout))
                .hasMessageContaining("node broken exited with code 3 during start 1")
                .hasMessageContaining(log.toString())
                .hasMessageContaining("    line 40")
                .hasMessageContaining("    line 11\n")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("    line 10\n"));
    }
}
