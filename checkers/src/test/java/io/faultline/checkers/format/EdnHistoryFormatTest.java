package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EdnHistoryFormatTest {

    @Test
    void readsAVectorOfMapsWithCommentsAndTheLineEachMapStartsOn() throws Exception {
        History h = read("""
                ; a register, initially 0
                [{:process 0, :type :invoke, :f :read, :value nil}
                 ; the read returns
                 {:process 0,
                  :type :ok,
                  :f :read,
                  :value 0},
                 {:process :nemesis, :type :info, :f :start, :value [:n1 :n2]}]
                """);

        assertThat(h.ops()).containsExactly(
                Op.invoke(0, "read", null).withIndex(0),
                Op.ok(0, "read", 0L).withIndex(1),
                Op.info(Op.NEMESIS, "start", List.of(Keyword.of("n1"), Keyword.of("n2"))).withIndex(2));
        assertThat(IntStream.range(0, h.size()).map(h::line)).containsExactly(2, 4, 8);
    }

    @Test
    void readsAList() throws Exception {
        assertThat(read("({:process 1, :type :invoke, :f :write, :value 3}\n)").ops())
                .containsExactly(Op.invoke(1, "write", 3L).withIndex(0));
    }

    @Test
    void readsMapsOnePerLineAsJepsenWritesHistoryEdn() throws Exception {
        History h = read("""
                {:index 0, :time 10, :type :invoke, :process 1, :f :write, :value 3}
                {:index 1, :time 20, :type :ok, :process 1, :f :write, :value 3}
                """);

        assertThat(h.ops()).containsExactly(
                Op.invoke(1, "write", 3L).withIndex(0).withTime(10),
                Op.ok(1, "write", 3L).withIndex(1).withTime(20));
        assertThat(h.line(1)).isEqualTo(2);
    }

    @Test
    void nothingAndAnEmptyVectorAreEmptyHistories() throws Exception {
        assertThat(read("; nothing yet\n").ops()).isEmpty();
        assertThat(read("[]").ops()).isEmpty();
    }

    @Test
    void aFileCutInTheMiddleOfAMapIsReportedWhereTheMapStarts() throws Exception {
        String text = Files.readString(StoredHistories.file("knossos/data/multi-register/good/multi-register.edn"));
        String cut = text.substring(0, text.length() / 2);
        if (cut.endsWith("}")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        int mapStart = lineOf(cut, cut.lastIndexOf('{'));
        String half = cut;

        assertFailsAt("t.edn", mapStart, () -> read(half), "still open when the file ends", "truncated");
    }

    @Test
    void aFileCutBetweenMapsIsReportedAtItsEnd() {
        assertFailsAt("t.edn", 3, () -> read("[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read}\n"),
                "the file ends before the [ opened on line 1 is closed by ]", "truncated");
    }

    @Test
    void everyCutOfARealFileIsAHistoryExceptionAtALineOfTheCut() throws Exception {
        String text = Files.readString(StoredHistories.file("knossos/data/cas-register/bad/rethink-fail-smaller.edn"));
        for (int end = 1; end < text.length() - 1; end += 41) {
            String cut = text.substring(0, end);
            int lines = lineOf(cut, cut.length());
            try {
                read(cut);
                throw new AssertionError("a cut at " + end + " was read as a history");
            } catch (HistoryException e) {
                assertThat(e.line()).as("cut at %d: %s", end, e.getMessage()).isBetween(1, lines);
            }
        }
    }

    @Test
    void whatIsNotAHistoryIsReportedAtItsLine() {
        assertFailsAt("t.edn", 1, () -> read("<html>"), "expected [ or ( opening a collection of op maps");
        assertFailsAt("t.edn", 2, () -> read("[{:process 0, :type :invoke, :f :read}\n [0 :invoke :read]]"),
                "expected an op map such as", "found [0 :invoke :read]");
        assertFailsAt("t.edn", 2, () -> read("[{:process 0, :type :invoke, :f :read}]\n[]"),
                "unexpected text after the ] that closes the history opened on line 1");
    }

    @Test
    void writesOneMapPerLineInsideBrackets() throws IOException {
        History h = History.of(List.of(Op.invoke(0, "read", null).withTime(5), Op.ok(0, "read", 2L)));
        StringWriter out = new StringWriter();

        EdnHistoryFormat.write(h, out);

        assertThat(out.toString()).isEqualTo("""
                [{:index 0, :time 5, :type :invoke, :process 0, :f :read, :value nil}
                 {:index 1, :type :ok, :process 0, :f :read, :value 2}]
                """);
    }

    private static History read(String text) throws Exception {
        return EdnHistoryFormat.read(new StringReader(text), "t.edn");
    }

    private static int lineOf(String text, int offset) {
        return 1 + (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
    }
}
