package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFormatTest {
    @TempDir
    Path dir;

    @Test
    void cliNamesNameTheFormats() {
        for (HistoryFormat format : HistoryFormat.values()) {
            assertThat(HistoryFormat.fromCliName(format.cliName())).isSameAs(format);
        }
        assertThatThrownBy(() -> HistoryFormat.fromCliName("json"))
                .hasMessage("unknown history format 'json'; choose one of edn, jepsen-log, porcupine-kv, jsonl");
    }

    @Test
    void detectsByExtensionWhateverTheContent() throws IOException {
        assertThat(HistoryFormat.detect(file("history.EDN", ""))).isEqualTo(HistoryFormat.EDN);
        assertThat(HistoryFormat.detect(file("h.jsonl", ""))).isEqualTo(HistoryFormat.JSONL);
        assertThat(HistoryFormat.detect(file("h.ndjson", ""))).isEqualTo(HistoryFormat.JSONL);
        assertThat(HistoryFormat.detect(file("jepsen.log", ""))).isEqualTo(HistoryFormat.JEPSEN_LOG);
    }

    @Test
    void otherwiseDetectsByTheFirstLineThatSaysSomething() throws IOException {
        assertThat(HistoryFormat.detect(file("a", "\n; a comment\n  [{:process 0}]"))).isEqualTo(HistoryFormat.EDN);
        assertThat(HistoryFormat.detect(file("b", "({:process 0})"))).isEqualTo(HistoryFormat.EDN);
        assertThat(HistoryFormat.detect(file("c", "{:process 0, :type :ok, :f :read}"))).isEqualTo(HistoryFormat.EDN);
        assertThat(HistoryFormat.detect(file("d", "{:process 0, :key \"1\"}"))).isEqualTo(HistoryFormat.PORCUPINE_KV);
        assertThat(HistoryFormat.detect(file("e.txt", "{:process 0, :type :ok}"))).isEqualTo(HistoryFormat.PORCUPINE_KV);
        assertThat(HistoryFormat.detect(file("f", "{ \"type\": \"ok\", \"value\": \":key \"}"))).isEqualTo(HistoryFormat.JSONL);
        assertThat(HistoryFormat.detect(file("g", "INFO  jepsen.util - 0\t:invoke\t:read\tnil"))).isEqualTo(HistoryFormat.JEPSEN_LOG);
    }

    @Test
    void anUndecidableFileAsksForTheFormat() throws IOException {
        Path notes = file("notes.txt", "\nremember the milk\n");
        Path empty = file("empty", "");

        assertThatThrownBy(() -> HistoryFormat.detect(notes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(notes + ": cannot tell the history format from its name or first line "
                        + "'remember the milk'; pass --format edn|jepsen-log|porcupine-kv|jsonl");
        assertThatThrownBy(() -> HistoryFormat.detect(empty)).hasMessageContaining("content (it is empty)");
    }

    @Test
    void aBinaryFileIsNamedFirstAndItsBytesAreNotEchoed() throws IOException {
        // found by the reliability campaign (cli HistoryFuzzTest): the message began with prose, not
        // the file, and echoed raw control bytes to the terminal
        Path binary = dir.resolve("noise.bin");
        Files.write(binary, new byte[] {0x1b, '[', '2', 'J', 0x07, (byte) 0xff, 'x'});

        assertThatThrownBy(() -> HistoryFormat.detect(binary))
                .hasMessage(binary + ": cannot tell the history format from its name or first line "
                        + "'\\u001b[2J\\u0007\\ufffdx'; pass --format edn|jepsen-log|porcupine-kv|jsonl");
    }

    @Test
    void readsAFileNamingItAsGiven() throws Exception {
        Path file = file("h.jsonl", "{\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"value\":null}\n");

        History h = HistoryFormat.JSONL.read(file);

        assertThat(h.source()).isEqualTo(file.toString());
        assertThat(h.ops()).containsExactly(Op.invoke(0, "read", null).withIndex(0));
    }

    @Test
    void aCompletionWithoutInvocationIsReportedAtItsLine() throws IOException {
        Path file = file("h.edn", """
                [{:process 0, :type :invoke, :f :read, :value nil}
                 {:process 0, :type :ok, :f :read, :value 1}
                 {:process 1, :type :ok, :f :write, :value 2}]
                """);

        assertFailsAt(file.toString(), 3, () -> HistoryFormat.EDN.read(file),
                "process 1 completes :write with :ok but has no outstanding invocation");
    }

    @Test
    void twoOutstandingOpsOnOneProcessAreReportedAtTheSecond() {
        String log = """
                INFO  jepsen.util - 2\t:invoke\t:write\t1
                INFO  jepsen.core - a message between them

                INFO  jepsen.util - 2\t:invoke\t:read\tnil
                """;

        assertFailsAt("run.log", 4, () -> HistoryFormat.JEPSEN_LOG.read(new StringReader(log), "run.log"),
                "process 2 invokes read while its write invoked at line 1 is still outstanding");
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
