package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesFormatTest {

    @Test
    void readsOneObjectPerLine() throws Exception {
        History h = read("""
                {"index":0,"time":123,"type":"invoke","process":3,"f":"read","value":null}

                {"index":1,"type":"info","process":"nemesis","f":"start","value":":majority","error":"partitioned"}
                """);

        assertThat(h.ops()).containsExactly(
                Op.invoke(3, "read", null).withIndex(0).withTime(123),
                Op.info(Op.NEMESIS, "start", Keyword.of("majority")).withIndex(1).withError("partitioned"));
        assertThat(h.line(1)).isEqualTo(3);
    }

    @Test
    void mapsJsonValuesToHistoryValues() throws Exception {
        Object value = read("{\"type\":\"ok\",\"process\":0,\"f\":\"txn\",\"value\":"
                + "[[\":read\",\":x\",null],{\":y\":1.5,\"z\":true},123456789012345678901234567890]}").ops().get(0).value();

        assertThat(value).isEqualTo(List.of(
                Arrays.asList(Keyword.of("read"), Keyword.of("x"), null),
                Map.of(Keyword.of("y"), 1.5, "z", true),
                new BigInteger("123456789012345678901234567890")));
    }

    @Test
    void writesKeywordsAsColonStringsAndSetsAsArrays() throws Exception {
        History h = History.of(List.of(
                Op.invoke(3, "add", new LinkedHashSet<>(List.of(1L, 2L))).withTime(5),
                Op.ok(3, "add", Keyword.of("done")).withError(List.of("x")),
                Op.info(Op.NEMESIS, "stop", null)));
        StringWriter out = new StringWriter();

        JsonLinesFormat.write(h, out);

        assertThat(out.toString()).isEqualTo("""
                {"index":0,"time":5,"type":"invoke","process":3,"f":"add","value":[1,2]}
                {"index":1,"type":"ok","process":3,"f":"add","value":":done","error":["x"]}
                {"index":2,"type":"info","process":"nemesis","f":"stop","value":null}
                """);
    }

    @Test
    void malformedJsonIsAnErrorAtItsLine() {
        assertFailsAt("t.jsonl", 2, () -> read("{\"type\":\"invoke\",\"process\":0,\"f\":\"read\"}\n{\"type\":\"ok\",\"process\":0,"),
                "invalid JSON at column", "expected one object per line");
        assertFailsAt("t.jsonl", 1, () -> read("{\"type\":\"invoke\",\"process\":0,\"f\":\"read\"} {}"),
                "more than one JSON value on the line (the next starts at column 42)");
        assertFailsAt("t.jsonl", 1, () -> read("[1, 2]"), "expected an object such as", "found [1,2]");
    }

    @Test
    void missingOrWrongFieldsSayWhatIsExpected() {
        assertFailsAt("t.jsonl", 1, () -> read("{\"process\":0,\"f\":\"read\"}"),
                "\"type\" is missing; expected one of \"invoke\", \"ok\", \"fail\", \"info\"");
        assertFailsAt("t.jsonl", 1, () -> read("{\"type\":\"invoke\",\"process\":\"p0\",\"f\":\"read\"}"),
                "\"process\" is \"p0\"; expected a non-negative integer, or \"nemesis\" for the fault injector");
        assertFailsAt("t.jsonl", 1, () -> read("{\"type\":\"invoke\",\"process\":0}"),
                "\"f\" is missing; expected the operation's name, such as \"read\"");
        assertFailsAt("t.jsonl", 1, () -> read("{\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"time\":\"noon\"}"),
                "\"time\" is \"noon\"; expected nanoseconds as an integer");
    }

    @Test
    void valuesJsonCannotCarryAreRefusedOnWrite() {
        History h = History.of(List.of(Op.invoke(0, "write", 'c')));

        assertThatThrownBy(() -> JsonLinesFormat.write(h, new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON Lines cannot carry the Character c in event 0")
                .hasMessageContaining("write this history as edn instead");
    }

    private static History read(String text) throws Exception {
        return JsonLinesFormat.read(new StringReader(text), "t.jsonl");
    }
}
