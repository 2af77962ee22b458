package io.faultline.checkers.format;

import static io.faultline.checkers.format.Problems.assertFailsAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdnOpsTest {

    @Test
    void readsAJepsenOpMap() throws Exception {
        Op op = fromEdn("{:index 7, :time 99, :type :fail, :process 3, :f :cas, :value [1 2], :error :timeout, :node \"n1\"}");

        assertThat(op).isEqualTo(new Op(-1, 3, OpType.FAIL, "cas", List.of(1L, 2L), 99,
                Keyword.of("timeout")));
    }

    @Test
    void missingValueTimeAndErrorAreNilNoTimeAndNil() throws Exception {
        Op op = fromEdn("{:type :invoke, :process :nemesis, :f :start}");

        assertThat(op).isEqualTo(Op.invoke(Op.NEMESIS, "start", null));
    }

    @Test
    void aBadTypeSaysWhichTypesThereAre() {
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :invok, :process 1, :f :read}"),
                ":type is :invok; expected one of :invoke, :ok, :fail, :info");
        assertFailsAt("t.edn", 4, () -> fromEdn("{:process 1, :f :read}"), ":type is missing");
    }

    @Test
    void aProcessIsANonNegativeIntegerOrTheNemesis() {
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :ok, :process -1, :f :read}"),
                ":process is -1; expected a non-negative integer, or :nemesis for the fault injector");
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :ok, :process \"p1\", :f :read}"), ":process is \"p1\"");
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :ok, :f :read}"), ":process is missing");
    }

    @Test
    void fIsAKeyword() {
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :ok, :process 1}"),
                ":f is missing; expected a keyword naming the operation, such as :read");
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :ok, :process 1, :f \"read\"}"), ":f is \"read\"");
    }

    @Test
    void timeIsIntegerNanoseconds() {
        assertFailsAt("t.edn", 4, () -> fromEdn("{:type :ok, :process 1, :f :read, :time 1.5}"),
                ":time is 1.5; expected nanoseconds as an integer");
    }

    @Test
    void anElementThatIsNotAMapShowsAnExample() {
        assertFailsAt("t.edn", 4, () -> EdnOps.requireMap(List.of(1L, 2L), "t.edn", 4),
                "expected an op map such as {:process 0, :type :invoke, :f :read, :value nil}; found [1 2]");
    }

    @Test
    void writesJepsensKeysInJepsensOrder() {
        Op op = new Op(5, 2, OpType.INFO, "write", 3L, 1234, Keyword.of("timed-out"));

        assertThat(EdnOps.toMap(op))
                .isEqualTo("{:index 5, :time 1234, :type :info, :process 2, :f :write, :value 3, :error :timed-out}");
        assertThat(EdnOps.toMap(Op.invoke(Op.NEMESIS, "start", null).withIndex(0)))
                .isEqualTo("{:index 0, :type :invoke, :process :nemesis, :f :start, :value nil}");
    }

    private static Op fromEdn(String map) throws Exception {
        Map<?, ?> m = EdnOps.requireMap(EdnInput.ofLine(map, "t.edn", 4).nextValue(), "t.edn", 4);
        return EdnOps.fromMap(m, "t.edn", 4);
    }
}
