package io.faultline.checkers.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
    private final LinearizabilityChecker checker = LinearizabilityChecker.create();
    private final CasRegister register = CasRegister.casRegister(0L);

    @Test
    void sequentialReadsOfWhatWasWrittenAreValid() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.ok(0, "write", 1L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 1L),
                Op.invoke(0, "cas", List.of(1L, 2L)), Op.ok(0, "cas", List.of(1L, 2L)),
                Op.invoke(1, "read", null), Op.ok(1, "read", 2L)));

        assertThat(checker.check(register, h).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aStaleReadAfterACompletedWriteIsInvalidAndTheCounterexampleNamesIt() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.ok(0, "write", 1L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 0L)));

        LinearizabilityResult r = checker.check(register, h);

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        Counterexample cex = r.counterexample();
        assertThat(cex.op().process()).isEqualTo(1);
        assertThat(cex.op().value()).isEqualTo(0L);
        assertThat(cex.possibleStates()).containsExactly("1");
        assertThat(cex.longestPrefixes()).hasSize(1);
        assertThat(cex.longestPrefixes().get(0)).extracting(Counterexample.Step::stateAfter).containsExactly("1");
        assertThat(cex.previousOk()).containsOnlyKeys(0);
        assertThat(cex.previousOk().get(0).f()).isEqualTo("write");
    }

    @Test
    void concurrentOperationsMayTakeEffectInEitherOrder() throws HistoryException {
        // The read overlaps the write, so it may see the old or the new value.
        for (long seen : new long[] {0L, 1L}) {
            History h = History.of(List.of(
                    Op.invoke(0, "write", 1L), Op.invoke(1, "read", null),
                    Op.ok(1, "read", seen), Op.ok(0, "write", 1L)));
            assertThat(checker.check(register, h).verdict()).as("read of %d", seen).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void anIndeterminateWriteMayTakeEffectLongAfterItsInvocation() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", 5L), Op.info(0, "write", 5L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 0L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 5L)));

        assertThat(checker.check(register, h).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void anIndeterminateWriteTakesEffectAtMostOnce() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", 5L), Op.info(0, "write", 5L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 5L),
                Op.invoke(1, "write", 6L), Op.ok(1, "write", 6L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 5L)));

        assertThat(checker.check(register, h).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void anOperationThatNeverCompletedIsIndeterminate() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", 5L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 5L)));

        assertThat(checker.check(register, h).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void knossosDropsAFailedCasButPorcupineReadsItAsAFailedCompare() throws HistoryException {
        // The register holds 0, so a CAS from 0 cannot have failed its compare.
        History h = History.of(List.of(
                Op.invoke(0, "cas", List.of(0L, 1L)), Op.fail(0, "cas", List.of(0L, 1L))));

        assertThat(checker.check(CasRegister.casRegister(0L), h).verdict()).isEqualTo(Verdict.VALID);
        assertThat(checker.check(CasRegister.casRegister(0L, CasRegister.Semantics.PORCUPINE), h).verdict())
                .isEqualTo(Verdict.INVALID);
    }

    @Test
    void aTimeLimitTurnsIntoUnknownWithTheReason() throws HistoryException {
        LinearizabilityResult r = LinearizabilityChecker.create().withTimeLimit(Duration.ofNanos(1))
                .check(register, hardValidHistory());

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("time limit");
    }

    @Test
    void aMemoryLimitTurnsIntoUnknownWithTheReason() throws HistoryException {
        LinearizabilityResult r = LinearizabilityChecker.create().withMemoryLimit(1)
                .check(register, hardValidHistory());

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("memory limit");
    }

    @Test
    void aModelThatRejectsAValueGivesUnknownNotAnException() throws HistoryException {
        History h = History.of(List.of(Op.invoke(0, "cas", 3L), Op.ok(0, "cas", 3L)));

        LinearizabilityResult r = checker.check(register, h);

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("[expected new]");
    }

    @Test
    void independentKeysAreCheckedSeparatelyAndTheFailingKeyIsNamed() throws HistoryException {
        List<Op> ops = new ArrayList<>();
        for (long key = 0; key < 6; key++) {
            int p = (int) key;
            ops.add(Op.invoke(p, "write", List.of(key, 1L)));
            ops.add(Op.ok(p, "write", List.of(key, 1L)));
            ops.add(Op.invoke(p, "read", java.util.Arrays.asList(key, null)));
            ops.add(Op.ok(p, "read", List.of(key, key == 4 ? 0L : 1L)));
        }
        LinearizabilityResult r = checker.withParallelism(2).check(new PerKeyRegister(), History.of(ops));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.counterexample().partition()).isEqualTo("4");
        assertThat(r.counterexample().op().process()).isEqualTo(4);
    }

    @Test
    void aPartitionQuicklyShownInvalidIsFoundBeforeALongSearchHasRunFar() throws HistoryException {
        // Key 0: rounds of eight concurrent writes, each round read back as the value the search
        // tries first, so that it tries most orders of every round: some hundreds of thousands of
        // configurations. Key 1, after it in the queue: a stale read, invalid within a few steps.
        List<Op> ops = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            for (int p = 0; p < 8; p++) {
                ops.add(Op.invoke(p, "write", List.of(0L, (long) p)));
            }
            for (int p = 0; p < 8; p++) {
                ops.add(Op.ok(p, "write", List.of(0L, (long) p)));
            }
            ops.add(Op.invoke(10, "read", java.util.Arrays.asList(0L, null)));
            ops.add(Op.ok(10, "read", List.of(0L, 0L)));
        }
        ops.add(Op.invoke(8, "write", List.of(1L, 1L)));
        ops.add(Op.ok(8, "write", List.of(1L, 1L)));
        ops.add(Op.invoke(9, "read", java.util.Arrays.asList(1L, null)));
        ops.add(Op.ok(9, "read", List.of(1L, 0L)));

        LinearizabilityResult r = checker.withParallelism(1).check(new PerKeyRegister(), History.of(ops));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.counterexample().partition()).isEqualTo("1");
        // Key 0 had one short first turn (1,024 steps), not a full slice of 32,768.
        assertThat(r.configurations()).isLessThan(2_000);
    }

    /** Many overlapping writes and reads: easy to decide, but not in one step. */
    private static History hardValidHistory() {
        List<Op> ops = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            for (int p = 0; p < 8; p++) {
                ops.add(Op.invoke(p, "write", (long) p));
            }
            for (int p = 0; p < 8; p++) {
                ops.add(Op.ok(p, "write", (long) p));
            }
        }
        return History.of(ops);
    }

    /** A register per key, values as Jepsen's independent tuples [key value]. */
    private static final class PerKeyRegister implements Model<Map<Object, Object>> {
        @Override
        public String name() {
            return "per-key-register";
        }

        @Override
        public String description() {
            return "a register per key";
        }

        @Override
        public Map<Object, Object> init() {
            return Map.of();
        }

        @Override
        public Map<Object, Object> step(Map<Object, Object> state, Operation op) {
            List<?> kv = (List<?>) op.value();
            Object current = state.getOrDefault(kv.get(0), 0L);
            if (op.f().equals("read")) {
                return current.equals(kv.get(1)) ? state : null;
            }
            Map<Object, Object> next = new LinkedHashMap<>(state);
            next.put(kv.get(0), kv.get(1));
            return Map.copyOf(next);
        }

        @Override
        public List<List<Operation>> partition(List<Operation> ops) {
            return List.copyOf(ops.stream()
                    .collect(Collectors.groupingBy(o -> ((List<?>) o.value()).get(0), LinkedHashMap::new, Collectors.toList()))
                    .values());
        }
    }
}
