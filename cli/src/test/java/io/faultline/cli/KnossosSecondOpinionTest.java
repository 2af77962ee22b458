package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code check --checker knossos}, against a stand-in for Knossos with the shapes its README and
 * source document: this build cannot reach Clojars, so no test here runs a real Knossos.
 */
class KnossosSecondOpinionTest {
    private static final String README_INVALID = "{:valid? false, :op {:f :read :index 3 :process 1 :type :ok :value 0},"
            + " :previous-ok {:f :write :index 1 :process 0 :type :ok :value 1},"
            + " :final-paths #{[{:model #knossos.model.CASRegister {:value 1}"
            + "                  :op {:f :write :index 1 :process 0 :type :ok :value 1}}"
            + "                 {:model #knossos.model.Inconsistent {:msg \"can't read 0 from register 1\"}"
            + "                  :op {:f :read :index 3 :process 1 :type :ok :value 0}}]}}";

    private static CliRun check(String... files) {
        String[] args = new String[7 + files.length];
        System.arraycopy(new String[] {"check", "--checker", "knossos", "--model", "cas-register", "--initial", "0"}, 0, args, 0, 7);
        System.arraycopy(files, 0, args, 7, files.length);
        return CliRun.of(args);
    }

    @Test
    void withoutKnossosItFailsAtOnceSayingWhatToAddToTheClasspath() {
        // the file does not exist: the option fails before any file is read
        CliRun run = check("no-such-file.edn");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("--checker knossos: Knossos is not on the classpath (no namespace knossos.competition).")
                .contains("FAULTLINE_CLASSPATH=");
    }

    @Test
    void modelsAndSemanticsKnossosLacksAreUsageErrors() {
        CliRun kv = CliRun.of("check", "--checker", "knossos", "--model", "kv", "x.txt");
        CliRun porcupine = CliRun.of("check", "--checker", "knossos", "--model", "cas-register", "--semantics", "porcupine", "x.log");
        CliRun unknown = CliRun.of("check", "--checker", "elle", "--model", "cas-register", "x.edn");

        assertThat(kv.exitCode()).isEqualTo(64);
        assertThat(kv.err()).startsWith("--checker knossos: Knossos has no kv model");
        assertThat(porcupine.exitCode()).isEqualTo(64);
        assertThat(porcupine.err()).contains("drop --semantics porcupine");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).startsWith("'elle' is not a checker; choose faultline or knossos");
    }

    @Test
    void bothVerdictsAndBothTimesOnOneLine() throws Exception {
        try (KnossosOnClasspath knossos = new KnossosOnClasspath()) {
            knossos.answer(README_INVALID);
            CliRun run = check(CliRun.example("stale-read.edn"));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).isEmpty();
            JsonNode line = run.json().get(0);
            assertThat(line.get("valid").asBoolean(true)).isFalse();
            assertThat(line.get("millis").isIntegralNumber()).isTrue();
            assertThat(line.get("counterexample")).isNotNull();
            JsonNode second = line.get("knossos");
            assertThat(second.get("valid").isBoolean()).isTrue();
            assertThat(second.get("valid").asBoolean(true)).isFalse();
            assertThat(second.get("millis").isIntegralNumber()).isTrue();
            assertThat(second.get("op").asText()).isEqualTo("{:f :read, :index 3, :process 1, :type :ok, :value 0}");
            assertThat(second.has("cause")).isFalse();
            assertThat(line.get("agree").asBoolean()).isTrue();
        }
    }

    @Test
    void aDisagreementIsOnStderrAndTheWorseVerdictWins() throws Exception {
        try (KnossosOnClasspath knossos = new KnossosOnClasspath()) {
            knossos.answer("{:valid? false}");
            CliRun run = check(CliRun.example("cas-ok.edn"));

            assertThat(run.exitCode()).isEqualTo(1);
            JsonNode line = run.json().get(0);
            assertThat(line.get("valid").asBoolean()).isTrue();
            assertThat(line.get("knossos").get("valid").asBoolean(true)).isFalse();
            assertThat(line.get("agree").asBoolean(true)).isFalse();
            assertThat(run.err()).isEqualTo(CliRun.example("cas-ok.edn")
                    + ": Faultline says linearizable, Knossos says not linearizable\n");
        }
    }

    @Test
    void knossosRunningOutOfTimeIsUnknown() throws Exception {
        try (KnossosOnClasspath knossos = new KnossosOnClasspath()) {
            knossos.answer("{:valid? :unknown :cause :timeout}");
            CliRun run = check(CliRun.example("cas-ok.edn"));

            assertThat(run.exitCode()).isEqualTo(2);
            JsonNode second = run.json().get(0).get("knossos");
            assertThat(second.get("valid").asText()).isEqualTo("unknown");
            assertThat(second.get("cause").asText()).isEqualTo(":timeout");
            assertThat(run.err()).endsWith("Faultline says linearizable, Knossos says unknown (:timeout)\n");
        }
    }
}
