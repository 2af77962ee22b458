package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private static final String[] CAS_0 = {"check", "--model", "cas-register", "--initial", "0"};

    @TempDir
    Path dir;

    private static CliRun check(String... rest) {
        String[] args = new String[CAS_0.length + rest.length];
        System.arraycopy(CAS_0, 0, args, 0, CAS_0.length);
        System.arraycopy(rest, 0, args, CAS_0.length, rest.length);
        return CliRun.of(args);
    }

    @Test
    void aLinearizableHistoryExitsZeroWithOneJsonLine() {
        String file = CliRun.example("cas-ok.edn");
        CliRun run = check(file);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<JsonNode> lines = run.json();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.get("file").asText()).isEqualTo(file);
        assertThat(line.get("valid").isBoolean()).isTrue();
        assertThat(line.get("valid").asBoolean()).isTrue();
        assertThat(line.get("model").asText()).isEqualTo("cas-register");
        assertThat(line.get("ops").asInt()).isEqualTo(5);
        assertThat(line.get("millis").isIntegralNumber()).isTrue();
        assertThat(line.has("reason")).isFalse();
        assertThat(line.has("counterexample")).isFalse();
    }

    @Test
    void aStaleReadExitsOneWithACounterexample() {
        CliRun run = check(CliRun.example("stale-read.edn"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode line = run.json().get(0);
        assertThat(line.get("valid").asBoolean(true)).isFalse();
        JsonNode counterexample = line.get("counterexample");
        assertThat(counterexample).isNotNull();
        JsonNode op = counterexample.get("op");
        assertThat(op.get("process").asInt()).isEqualTo(1);
        assertThat(op.get("type").asText()).isEqualTo(":ok");
        assertThat(op.get("f").asText()).isEqualTo(":read");
        assertThat(op.get("value").asInt()).isEqualTo(0);
        assertThat(op.get("index").asInt()).isEqualTo(3);
        assertThat(counterexample.get("longestPrefixes").isArray()).isTrue();
        JsonNode firstStep = counterexample.get("longestPrefixes").get(0).get(0);
        assertThat(firstStep.get("op").get("f").asText()).isEqualTo(":write");
        assertThat(firstStep.get("state").asText()).isEqualTo("1");
        assertThat(counterexample.get("possibleStates")).extracting(JsonNode::asText).containsExactly("1");
        assertThat(counterexample.get("previousOk").get("0").get("f").asText()).isEqualTo(":write");
    }

    @Test
    void everyFileGetsALineAndInvalidWins() {
        CliRun run = check(CliRun.example("stale-read.edn"), CliRun.example("cas-ok.edn"),
                CliRun.example("timed-out-write.edn"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.json()).extracting(l -> l.get("valid").asBoolean()).containsExactly(false, true, true);
    }

    @Test
    void runningOutOfTimeIsUnknownAndExitsTwo() {
        // 1 ms runs out while the file is read or while it is searched: Knossos' big mongodb histories
        // take the checker only a few milliseconds, too close to 1 ms to be sure of; Porcupine's c10 kv
        // log without partitioning takes it hundreds.
        String slow = CliRun.histories().resolve("porcupine/test_data/kv/c10-ok.txt").toString();
        CliRun run = CliRun.of("check", "--model", "kv-unpartitioned", "--time-limit", "1ms", slow);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        JsonNode line = run.json().get(0);
        assertThat(line.get("valid").asText()).isEqualTo("unknown");
        assertThat(line.get("reason").asText()).contains("time limit");
        assertThat(line.has("counterexample")).isFalse();
    }

    @Test
    void runningOutOfMemoryIsUnknownAndExitsTwo() {
        String etcd = CliRun.histories().resolve("porcupine/test_data/jepsen/etcd_002.log").toString();
        CliRun run = CliRun.of("check", "--model", "cas-register", "--semantics", "porcupine", "--memory-limit", "1k",
                etcd);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.json().get(0).get("reason").asText()).contains("memory limit");
    }

    @Test
    void unknownGivesWayToInvalid() {
        String slow = CliRun.histories().resolve("porcupine/test_data/kv/c10-ok.txt").toString();
        String bad = CliRun.histories().resolve("porcupine/test_data/kv/c01-bad.txt").toString();
        // a memory limit, unlike a time limit, stops the search at the same place on any machine: 16 KiB
        // is too little for c10-ok's memo and enough for c01-bad's counterexample
        CliRun run = CliRun.of("check", "--model", "kv-unpartitioned", "--memory-limit", "16k", slow, bad);

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.json()).extracting(l -> l.get("valid").asText()).containsExactly("unknown", "false");
    }

    @Test
    void theTimeLimitCoversReadingAHugeHistory() throws IOException {
        // 16 MiB of JSON Lines takes far longer than 10 ms to parse; the search would never start
        Path huge = dir.resolve("huge.jsonl");
        String pair = "{\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}\n"
                + "{\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}\n";
        Files.writeString(huge, pair.repeat((16 << 20) / pair.length()));
        CliRun run = CliRun.of("check", "--model", "register", "--time-limit", "10ms", huge.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        JsonNode line = run.json().get(0);
        assertThat(line.get("file").asText()).isEqualTo(huge.toString());
        assertThat(line.get("valid").asText()).isEqualTo("unknown");
        assertThat(line.get("reason").asText()).contains("time limit ran out while reading the history", "raise --time-limit");
        assertNoStackTrace(run);
    }

    @Test
    void aTruncatedFileExits65WithFileAndLine() throws IOException {
        Path truncated = Files.writeString(dir.resolve("truncated.edn"),
                "[{:process 0, :type :invoke, :f :write, :value 1}\n {:process 0, :type :ok, :f :write,\n");
        CliRun run = check(truncated.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(truncated + ":").matches("(?s)[^\\n]*:\\d+: .*");
        assertNoStackTrace(run);
    }

    @Test
    void aCompletionWithoutInvocationNamesItsLine() throws IOException {
        Path orphan = Files.writeString(dir.resolve("orphan.edn"), "[{:process 0, :type :invoke, :f :read, :value nil}\n"
                + " {:process 0, :type :ok, :f :read, :value 0}\n"
                + " {:process 1, :type :ok, :f :write, :value 1}]\n");
        CliRun run = check(orphan.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).startsWith(orphan + ":3: ").contains("no outstanding invocation");
        assertNoStackTrace(run);
    }

    @Test
    void aMissingFileSaysSoAndTheOthersAreStillChecked() {
        String missing = dir.resolve("nope.edn").toString();
        CliRun run = check(missing, CliRun.example("stale-read.edn"));

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err().strip()).isEqualTo(missing + ": no such file");
        assertThat(run.json()).hasSize(1);
        assertNoStackTrace(run);
    }

    @Test
    void aDirectorySaysToPassTheFilesInIt() {
        CliRun run = check(dir.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).startsWith(dir + ": is a directory").contains(dir.resolve("*.edn").toString());
    }

    @Test
    void anUnknownModelIsAUsageErrorListingTheModels() {
        CliRun run = CliRun.of("check", "--model", "bank", CliRun.example("cas-ok.edn"));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unknown model 'bank'").contains("cas-register").contains("multi-register")
                .contains("--help");
    }

    @Test
    void noFilesIsAUsageError() {
        CliRun run = CliRun.of("check", "--model", "cas-register");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("FILE");
    }

    @Test
    void badOptionValuesAreUsageErrorsThatSayTheFix() {
        assertThat(check("--time-limit", "soon", "x.edn").err()).contains("500ms, 60s, 2m");
        assertThat(check("--memory-limit", "lots", "x.edn").err()).contains("512m, 2g");
        assertThat(check("--format", "xml", "x.edn").err()).contains("auto, edn, jepsen-log");
        assertThat(check("--semantics", "etcd", "x.edn").err()).contains("knossos or porcupine");
        CliRun badInitial = CliRun.of("check", "--model", "cas-register", "--initial", "{:x", "x.edn");
        assertThat(badInitial.exitCode()).isEqualTo(64);
        assertThat(badInitial.err()).contains("not an EDN value");
    }

    @Test
    void porcupineSemanticsIsOnlyForCasRegister() {
        CliRun run = CliRun.of("check", "--model", "register", "--semantics", "porcupine", "x.edn");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("--semantics porcupine").contains("drop it");
    }

    @Test
    void anInitialValueTheModelCannotStartFromIsAUsageError() {
        CliRun run = CliRun.of("check", "--model", "mutex", "--initial", "0", "x.edn");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("drop --initial");
    }

    @Test
    void aFileOfNoKnownFormatSaysHowToNameIt() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        CliRun run = check(notes.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).contains(notes.toString()).contains("--format");
        assertNoStackTrace(run);
    }

    @Test
    void otherModelsAndFormatsAreReachable() {
        String multi = CliRun.histories().resolve("knossos/data/multi-register/good/multi-register.edn").toString();
        CliRun run = CliRun.of("check", "--model", "multi-register", "--initial", "{:x 0 :y 0}", "--format", "edn",
                multi);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get(0).get("model").asText()).isEqualTo("multi-register");
    }

    @Test
    void helpDocumentsExitCodesAndKeepingGoing() {
        CliRun run = CliRun.of("check", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Every file is checked").contains("65").contains("64");
    }

    private static void assertNoStackTrace(CliRun run) {
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aParserMessageQuotingANewlineStaysOneLine() throws IOException {
        // found by the reliability campaign (HistoryFuzzTest): edn-java's message quoted the newline
        // it choked on, and the problem spilled over two lines of stderr
        Path file = Files.writeString(dir.resolve("broken.edn"), "[{:process 0, :type :invoke, :f :\n}]\n");

        CliRun run = check(file.toString());

        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+: [^\n]*\\\\u000a[^\n]*\n");
    }
}
