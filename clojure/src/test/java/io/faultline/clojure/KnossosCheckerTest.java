package io.faultline.clojure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.linear.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * KnossosChecker's plumbing, against a stand-in that has the shapes Knossos 0.3 documents (README) and
 * reads (knossos.model, knossos.competition, knossos.history): Knossos itself is on Clojars, which
 * this build cannot reach, so these tests cannot say that a real Knossos agrees.
 */
class KnossosCheckerTest {
    private static final Object VALID = Clojure.read(":valid?");

    private static Object clj(String code) {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("knossos.model"));
        // Clojure's reader, not EDN's: quoted forms and Knossos' record literals
        return Clojure.var("clojure.core", "eval").invoke(Clojure.var("clojure.core", "read-string").invoke(code));
    }

    private static History example(String name) throws Exception {
        Path root = Path.of(System.getProperty("faultline.root", ".."));
        return HistoryFormat.EDN.read(root.resolve("examples/histories").resolve(name));
    }

    @Test
    void withoutKnossosItFailsAtOnceSayingWhatToAdd() {
        assertThat(KnossosChecker.isAvailable()).isFalse();
        assertThatThrownBy(KnossosChecker::create)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no namespace knossos.competition")
                .hasMessageContaining("FAULTLINE_CLASSPATH=")
                .hasMessageContaining("https://repo.clojars.org");
    }

    @Test
    void theHistoryReachesKnossosAsTheClojureDataJepsenKeeps() throws Exception {
        History history = History.of(List.of(
                Op.invoke(0, "write", 1).withTime(10),
                new Op(-1, Op.NEMESIS, io.faultline.checkers.history.OpType.INFO, "start", Map.of("n1", Set.of("n2")), 11, null),
                Op.info(0, "write", 1).withTime(12).withError(Keyword.of("timeout")),
                Op.invoke(1, "cas", List.of(1, 2)),
                Op.ok(1, "cas", List.of(1, 2)),
                Op.invoke(2, "txn", List.of(Arrays.asList(Keyword.of("read"), Keyword.of("x"), null))),
                Op.fail(2, "txn", List.of(Arrays.asList(Keyword.of("read"), Keyword.of("x"), null)))));
        try (KnossosDouble knossos = KnossosDouble.onClasspath()) {
            KnossosResult result = KnossosChecker.create().check("cas-register", 0L, history);

            assertThat(result.verdict()).isEqualTo(Verdict.VALID);
            assertThat(knossos.callsSoFar()).hasSize(1);
            Map<Object, Object> call = knossos.callsSoFar().get(0);
            assertThat(call.get(Clojure.read(":model"))).isEqualTo(clj("(knossos.model/cas-register 0)"));
            // the nemesis event is left out, as Jepsen's linearizable checker leaves it out
            assertThat(call.get(Clojure.read(":history"))).isEqualTo(clj("'["
                    + "{:index 0, :time 10, :type :invoke, :process 0, :f :write, :value 1}"
                    + "{:index 2, :time 12, :type :info, :process 0, :f :write, :value 1, :error :timeout}"
                    + "{:index 3, :type :invoke, :process 1, :f :cas, :value [1 2]}"
                    + "{:index 4, :type :ok, :process 1, :f :cas, :value [1 2]}"
                    + "{:index 5, :type :invoke, :process 2, :f :txn, :value [[:read :x nil]]}"
                    + "{:index 6, :type :fail, :process 2, :f :txn, :value [[:read :x nil]]}]"));
            assertThat(call.get(Clojure.read(":opts"))).isEqualTo(clj("{}"));
        }
    }

    @Test
    void everyModelIsBuiltByKnossosOwnConstructor() throws Exception {
        History history = example("cas-ok.edn");
        try (KnossosDouble knossos = KnossosDouble.onClasspath()) {
            KnossosChecker checker = KnossosChecker.create();
            checker.check("register", Keyword.of("x"), history);
            checker.check("cas-register", null, history);
            checker.check("mutex", null, history);
            checker.check("multi-register", Map.of(Keyword.of("x"), 0L, Keyword.of("y"), List.of(1L)), history);
            checker.check("set", null, history);
            checker.check("unordered-queue", null, history);
            checker.check("fifo-queue", null, history);

            assertThat(knossos.callsSoFar()).extracting(c -> c.get(Clojure.read(":model"))).containsExactly(
                    clj("(knossos.model/register :x)"), clj("(knossos.model/cas-register)"), clj("(knossos.model/mutex)"),
                    clj("(knossos.model/multi-register {:x 0 :y [1]})"), clj("(knossos.model/set)"),
                    clj("(knossos.model/unordered-queue)"), clj("(knossos.model/fifo-queue)"));
        }
    }

    @Test
    void modelsKnossosDoesNotHaveAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> KnossosChecker.requireModel("kv", null))
                .hasMessage("Knossos has no kv model; it knows register, cas-register, mutex, multi-register, set, "
                        + "unordered-queue and fifo-queue");
        assertThatThrownBy(() -> KnossosChecker.requireModel("mutex", 0L))
                .hasMessage("Knossos' mutex model takes no initial value (got 0)");
        assertThatThrownBy(() -> KnossosChecker.requireModel("multi-register", 0L))
                .hasMessageContaining("starts from a map of key to value");
    }

    /** The invalid analysis in Knossos' README, of data/cas-register/bad/rethink-fail-minimal.edn. */
    private static final String README_INVALID = "{:configs ({:last-op {:f :write :index 1 :process 0 :type :ok :value 0}"
            + " :model #knossos.model.CASRegister {:value 0}"
            + " :pending [{:f :read :index 2 :process 1 :type :invoke :value 3}"
            + "           {:f :write :index 3 :process 2 :type :invoke :value 4}]})"
            + " :final-paths #{[{:model #knossos.model.CASRegister {:value 0}"
            + "                  :op {:f :write :index 1 :process 0 :type :ok :value 0}}"
            + "                 {:model #knossos.model.Inconsistent {:msg \"can't read 3 from register 0\"}"
            + "                  :op {:f :read :index 4 :process 1 :type :ok :value 3}}]}"
            + " :last-op {:f :write :index 1 :process 0 :type :ok :value 0}"
            + " :op {:f :read :index 4 :process 1 :type :ok :value 3}"
            + " :previous-ok {:f :write :index 1 :process 0 :type :ok :value 0}"
            + " :valid? false}";

    @Test
    void knossosReadmeAnswersReadAsTheirVerdicts() throws Exception {
        History history = HistoryFormat.EDN.read(Path.of(System.getProperty("faultline.histories"))
                .resolve("knossos/data/cas-register/bad/rethink-fail-minimal.edn"));
        try (KnossosDouble knossos = KnossosDouble.onClasspath()) {
            knossos.answer(clj("'" + README_INVALID));
            KnossosResult invalid = KnossosChecker.create().check("cas-register", null, history);

            assertThat(invalid.verdict()).isEqualTo(Verdict.INVALID);
            assertThat(invalid.cause()).isNull();
            assertThat(invalid.analysis().get(Clojure.read(":op")))
                    .isEqualTo(clj("{:f :read :index 4 :process 1 :type :ok :value 3}"));

            // README: {:configs (...) :valid? true}
            knossos.answer(clj("'{:configs ({:last-op {:f :read :index 3 :process 0 :type :ok :value 3}"
                    + " :model #knossos.model.CASRegister {:value 3} :pending []}) :valid? true}"));
            assertThat(KnossosChecker.create().check("cas-register", null, history).verdict()).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void aTimeLimitIsKnossosOwnOptionAndItsTimeoutIsUnknown() throws Exception {
        History history = example("stale-read.edn");
        try (KnossosDouble knossos = KnossosDouble.onClasspath()) {
            // knossos.search/run's answer when the time limit passes
            knossos.answer(clj("{:valid? :unknown :cause :timeout}"));
            KnossosResult result = KnossosChecker.create().withTimeLimit(Duration.ofMillis(1500))
                    .check("cas-register", 0L, history);

            assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(result.cause()).isEqualTo(":timeout");
            assertThat(knossos.callsSoFar().get(0).get(Clojure.read(":opts"))).isEqualTo(clj("{:time-limit 1500}"));
        }
    }

    @Test
    void aKnossosThatThrowsIsUnknownWithWhatItThrew() throws Exception {
        History history = example("stale-read.edn");
        try (KnossosDouble knossos = KnossosDouble.onClasspath()) {
            knossos.answerWith((IFn) clj("(fn [_ _ _] (throw (ex-info \"Err, shouldn't have a failure here\" {})))"));
            KnossosResult result = KnossosChecker.create().check("cas-register", 0L, history);

            assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(result.cause()).contains("Err, shouldn't have a failure here");
            assertThat(result.analysis()).isEmpty();

            knossos.answer(clj("{:valid? :maybe}"));
            assertThat(KnossosChecker.create().check("cas-register", 0L, history).cause()).isEqualTo(":valid? is :maybe");
            assertThat(KnossosChecker.create().check("cas-register", 0L, history).analysis().get(VALID)).isEqualTo(clj(":maybe"));
        }
    }
}
