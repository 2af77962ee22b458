package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultlineTest {

    @Test
    void withoutACommandItSaysWhereToLook() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Missing required subcommand").contains("faultline --help");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun run = CliRun.of("chek");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Did you mean").contains("check");
    }

    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("check");
    }
}
