package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JepsenLogFormatTest {

    @Test
    void readsTabAndSpaceSeparatedEventsSkippingBlankLines() throws Exception {
        History h = read("""
                INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2]

                INFO  jepsen.util - 3   :fail   :cas    [1 2]
                INFO  jepsen.util - 4\t:info\t:write\t:timed-out
                """);

        assertThat(h.ops()).containsExactly(
                Op.invoke(3, "cas", List.of(1L, 2L)).withIndex(0),
                Op.fail(3, "cas", List.of(1L, 2L)).withIndex(1),
                Op.info(4, "write", Keyword.of("timed-out")).withIndex(2));
        assertThat(IntStream.range(0, h.size()).map(h::line)).containsExactly(1, 3, 4);
    }

    @Test
    void keepsWhatFollowsTheValueAsTheError() throws Exception {
        List<Op> ops = read("""
                INFO  jepsen.util - 1\t:fail\t:write\t3\t[:temporarily-unavailable nil]
                INFO  jepsen.util - 2\t:fail\t:write\t4\tetcdserver: request timed out
                INFO  jepsen.util - :nemesis\t:info\t:start\tnil
                """).ops();

        assertThat(ops).extracting(Op::error).containsExactly(
                Arrays.asList(Keyword.of("temporarily-unavailable"), null),
                "etcdserver: request timed out",
                null);
        assertThat(ops.get(2).isNemesis()).isTrue();
    }

    @Test
    void skipsOtherLoggersRecordsWithTheirStackTraces() throws Exception {
        History h = read("""
                INFO  jepsen.core - Worker 1 starting
                INFO  jepsen.util - Relative time begins now
                WARN  jepsen.core - Process 3 crashed
                java.net.SocketTimeoutException: Read timed out
                \tat java.base/java.net.SocketInputStream.socketRead0(Native Method)
                2016-04-06 13:59:24,183 INFO jepsen.db - tearing down
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                """);

        assertThat(h.ops()).containsExactly(Op.invoke(0, "read", null).withIndex(0));
        assertThat(h.line(0)).isEqualTo(7);
    }

    @Test
    void anEmptyLogIsAnEmptyHistory() throws Exception {
        assertThat(read("").ops()).isEmpty();
    }

    @Test
    void garbageIsAnErrorAtItsLine() {
        assertFailsAt("t.log", 2, () -> read("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nthis is not a log line\n"),
                "not a Jepsen log line: expected 'INFO  jepsen.util - <process> <type> <f> <value>'",
                "found 'this is not a log line'");
    }

    @Test
    void anEventMustBeComplete() {
        assertFailsAt("t.log", 1, () -> read("INFO  jepsen.util - 0\t:invoke\t:read\n"),
                "the event has no :value; expected '<process> <type> <f> <value>' after 'jepsen.util - '");
        assertFailsAt("t.log", 1, () -> read("INFO  jepsen.util - 0\t:invoked\t:read\tnil\n"),
                ":type is :invoked; expected one of :invoke, :ok, :fail, :info");
        assertFailsAt("t.log", 1, () -> read("INFO  jepsen.util - 0\t:invoke\t:cas\t[1 2\n"),
                "still open when the line ends");
        assertFailsAt("t.log", 1, () -> read("INFO  jepsen.util - -1\t:invoke\t:read\tnil\n"),
                ":process is -1; expected a non-negative integer, or :nemesis");
    }

    @Test
    void writesJepsensTabSeparatedForm() throws Exception {
        History h = History.of(List.of(
                Op.invoke(0, "write", 3L).withTime(7),
                Op.fail(0, "write", 3L).withError(Keyword.of("timeout")),
                Op.info(Op.NEMESIS, "start", "cut off n1")));
        StringWriter out = new StringWriter();

        JepsenLogFormat.write(h, out);

        assertThat(out.toString()).isEqualTo("""
                INFO  jepsen.util - 0\t:invoke\t:write\t3
                INFO  jepsen.util - 0\t:fail\t:write\t3\t:timeout
                INFO  jepsen.util - :nemesis\t:info\t:start\t"cut off n1"
                """);
    }

    private static History read(String text) throws Exception {
        return JepsenLogFormat.read(new StringReader(text), "t.log");
    }
}
