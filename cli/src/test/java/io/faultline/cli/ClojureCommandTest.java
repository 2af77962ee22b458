package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClojureCommandTest {

    @TempDir
    Path dir;

    private Path script(String code) throws IOException {
        return Files.writeString(dir.resolve("script.clj"), code);
    }

    @Test
    void aScriptUsesFaultlineKnossosOnAJepsenHistory() throws IOException {
        Path script = script("""
                (require '[faultline.knossos :refer [analysis cas-register read-history]])
                (def history (read-history (first *command-line-args*)))
                (println (:valid? (analysis (cas-register 0) history)))
                """);

        CliRun stale = CliRun.of("clojure", script.toString(), CliRun.example("stale-read.edn"));
        CliRun ok = CliRun.of("clojure", script.toString(), CliRun.example("cas-ok.edn"));

        assertThat(stale.exitCode()).as(stale.err()).isZero();
        assertThat(stale.out()).isEqualTo("false\n");
        assertThat(ok.out()).isEqualTo("true\n");
    }

    @Test
    void everythingAfterTheScriptIsTheScriptsOptionsIncluded() throws IOException {
        Path script = script("(prn *command-line-args*)");

        CliRun run = CliRun.of("clojure", script.toString(), "--help", "-x", "a b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("(\"--help\" \"-x\" \"a b\")\n");
        assertThat(CliRun.of("clojure", script.toString()).out()).isEqualTo("nil\n");
    }

    @Test
    void aScriptThatThrowsExitsOneNamingItsLine() throws IOException {
        Path script = script("(println :before)\n(defn f [x] (/ x 0))\n\n(f 1)\n(println :after)\n");

        CliRun run = CliRun.of("clojure", script.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(":before\n");
        assertThat(run.err()).isEqualTo("Execution error (ArithmeticException) in the form at " + script + ":4.\n"
                + "Divide by zero\n");
    }

    @Test
    void aSyntaxErrorIsClojuresOwnReport() throws IOException {
        Path script = script("(println 1\n");

        CliRun run = CliRun.of("clojure", script.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Syntax error reading source at (" + script + ":2:1).");
    }

    @Test
    void aMissingScriptExits65() {
        Path missing = dir.resolve("missing.clj");

        CliRun run = CliRun.of("clojure", missing.toString());
        CliRun directory = CliRun.of("clojure", dir.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).isEqualTo(missing + ": no such file\n");
        assertThat(directory.exitCode()).isEqualTo(65);
        assertThat(directory.err()).contains("is a directory");
    }

    @Test
    void noScriptIsAUsageError() {
        CliRun run = CliRun.of("clojure");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }
}
