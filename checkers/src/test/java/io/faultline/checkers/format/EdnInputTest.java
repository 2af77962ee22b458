package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;

class EdnInputTest {

    @Test
    void countsLinesAsTheyAreReadAndUnread() throws Exception {
        EdnInput in = EdnInput.ofFile(new StringReader("a\nb"), "t.edn");

        assertThat(in.read()).isEqualTo('a');
        assertThat(in.read()).isEqualTo('\n');
        assertThat(in.line()).isEqualTo(2);
        in.unread('\n');
        assertThat(in.line()).isEqualTo(1);
        assertThat(in.read()).isEqualTo('\n');
        assertThat(in.read()).isEqualTo('b');
        assertThat(in.read()).isEqualTo(Parseable.END_OF_INPUT);
    }

    @Test
    void skipsWhitespaceCommasAndCommentsWithoutConsumingWhatFollows() throws Exception {
        EdnInput in = EdnInput.ofFile(new StringReader(" ,\n; a comment, with [brackets\n\t{"), "t.edn");

        assertThat(in.peekPastBlanks()).isEqualTo('{');
        assertThat(in.line()).isEqualTo(3);
        assertThat(in.read()).isEqualTo('{');
    }

    @Test
    void readsValuesAndKnowsTheLineAfterEach() throws Exception {
        EdnInput in = EdnInput.ofFile(new StringReader("[1\n 2]\n:x nil"), "t.edn");

        assertThat(in.nextValue()).isEqualTo(List.of(1L, 2L));
        assertThat(in.nextValue()).isEqualTo(Keyword.newKeyword("x"));
        assertThat(in.line()).isEqualTo(3);
        assertThat(in.nextValue()).isNull();
        assertThat(in.nextValue()).isSameAs(Parser.END_OF_INPUT);
    }

    @Test
    void aValueCutOffByTheEndOfTheFileIsReportedWhereItStarts() {
        EdnInput in = EdnInput.ofFile(new StringReader("\n{:type :invoke,\n :f"), "t.edn");

        assertFailsAt("t.edn", 2, in::nextValue, "still open when the file ends", "truncated");
    }

    @Test
    void aValueCutOffByTheEndOfALineSaysWhatIsMissing() {
        EdnInput in = EdnInput.ofLine("[1 2", "t.log", 7);

        assertFailsAt("t.log", 7, in::nextValue, "still open when the line ends", "closing bracket or quote");
    }

    @Test
    void invalidEdnIsReportedWhereTheValueStartsAndWhereTheParserStopped() {
        EdnInput in = EdnInput.ofFile(new StringReader("{:type\n :invoke\n :f}"), "t.edn");

        assertFailsAt("t.edn", 1, in::nextValue, "invalid EDN (the parser stopped at line 3)", "equal number of keys and values");
    }

    @Test
    void whatATagHandlerRefusesIsInvalidEdnToo() {
        EdnInput in = EdnInput.ofLine("#uuid \"not-a-uuid\"", "t.edn", 3);

        assertFailsAt("t.edn", 3, in::nextValue, "invalid EDN: Invalid UUID string: not-a-uuid");
    }

    @Test
    void restIsWhateverTheParserDidNotRead() throws Exception {
        EdnInput in = EdnInput.ofLine("3 :timed-out foo", "t.log", 1);
        in.nextValue();

        assertThat(in.rest()).isEqualTo(" :timed-out foo");
    }
}
