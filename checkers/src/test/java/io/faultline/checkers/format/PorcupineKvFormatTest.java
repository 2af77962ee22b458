package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PorcupineKvFormatTest {
    private static final String LOG = """
            {:process 9, :type :invoke, :f :get, :key "0", :value nil}
            {:process 9, :type :ok, :f :get, :key "0", :value "x 9 0 y"}
            """;

    @Test
    void theKeyTravelsInTheValue() throws Exception {
        History h = read(LOG);

        assertThat(h.ops()).containsExactly(
                Op.invoke(9, "get", Arrays.asList("0", null)).withIndex(0),
                Op.ok(9, "get", List.of("0", "x 9 0 y")).withIndex(1));
        assertThat(h.line(1)).isEqualTo(2);
    }

    @Test
    void writesPorcupinesForm() throws Exception {
        StringWriter out = new StringWriter();

        PorcupineKvFormat.write(read(LOG), out);

        assertThat(out.toString()).isEqualTo(LOG);
    }

    @Test
    void eachLineIsOneOpMapWithAKey() {
        assertFailsAt("t.txt", 2, () -> read("\n{:process 1, :type :invoke, :f :get, :value nil}"),
                ":key is missing; porcupine-kv lines look like {:process 0, :type :invoke, :f :get, :key \"1\", :value nil}");
        assertFailsAt("t.txt", 1, () -> read("{:process 1, :type :invoke, :f :get, :key \"1\", :value nil} {}"),
                "more than one value on the line");
        assertFailsAt("t.txt", 1, () -> read("{:process 1, :type :invoke, :f :get, :key \"1\", :value nil"),
                "still open when the line ends");
    }

    @Test
    void aLineWithOnlyACommentIsAnErrorAtItsLineNotACrash() {
        // found by the reliability campaign (cli HistoryFuzzTest, long run): the reader described
        // edn-java's end-of-input token as the value found, and the printer threw (exit 70)
        assertFailsAt("t.txt", 2, () -> read("{:process 1, :type :invoke, :f :get, :key \"1\", :value nil}\n; a note"),
                "no op map on the line, only a comment or a discarded value");
        assertFailsAt("t.txt", 1, () -> read("#_ {:process 1}"), "no op map on the line");
    }

    @Test
    void onlyKeyValuePairsCanBeWritten() {
        History h = History.of(List.of(Op.invoke(0, "read", null)));

        assertThatThrownBy(() -> PorcupineKvFormat.write(h, new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("porcupine-kv writes ops whose value is a [key value] pair, but event 0")
                .hasMessageContaining("write this history as edn or jsonl instead");
    }

    private static History read(String text) throws Exception {
        return PorcupineKvFormat.read(new StringReader(text), "t.txt");
    }
}
