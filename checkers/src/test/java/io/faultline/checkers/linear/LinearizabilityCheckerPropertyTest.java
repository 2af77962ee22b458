package io.faultline.checkers.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.KeyValue;
import io.faultline.checkers.model.CasRegister.Semantics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Histories the checker has never seen, with verdicts known independently: from an oracle that
 * executes the definition of linearizability, or by construction.
 */
class LinearizabilityCheckerPropertyTest {
    private final LinearizabilityChecker checker = LinearizabilityChecker.create();

    @ParameterizedTest
    @EnumSource(Semantics.class)
    void agreesWithTheDefinitionOnThousandsOfSmallRandomHistories(Semantics semantics) throws HistoryException {
        CasRegister model = CasRegister.casRegister(0L, semantics);
        int valid = 0;
        int invalid = 0;
        for (long seed = 0; seed < 3000; seed++) {
            History h = RandomHistories.casRegister(seed, 3, 7, 0.2, 0.15);
            boolean expected = BruteForceLinearizability.isLinearizable(model, h.operations());

            Verdict verdict = checker.check(model, h).verdict();

            assertThat(verdict).as("seed %d, %s semantics: %s", seed, semantics, h.ops())
                    .isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
        // Both verdicts must be well represented, or the comparison proves little.
        assertThat(valid).isGreaterThan(500);
        assertThat(invalid).isGreaterThan(500);
    }

    /**
     * Histories whose writes are mostly of values nobody reads, many of them timed out: the checker
     * searches them {@linkplain CasRegister#simplify with those values merged}, and must still agree
     * with the definition applied to the history as it is.
     */
    @ParameterizedTest
    @EnumSource(Semantics.class)
    void agreesWithTheDefinitionWhereUnobservedWritesAreMerged(Semantics semantics) throws HistoryException {
        CasRegister model = CasRegister.casRegister(0L, semantics);
        int valid = 0;
        int invalid = 0;
        int simplified = 0;
        for (long seed = 0; seed < 3000; seed++) {
            History h = RandomHistories.casRegister(seed, 4, 8, 0.2, 0.3, 12);
            boolean expected = BruteForceLinearizability.isLinearizable(model, h.operations());

            Verdict verdict = checker.check(model, h).verdict();

            assertThat(verdict).as("seed %d, %s semantics: %s", seed, semantics, h.ops())
                    .isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
            valid += expected ? 1 : 0;
            invalid += expected ? 0 : 1;
            simplified += model.simplify(h.operations()) != h.operations() ? 1 : 0;
        }
        assertThat(valid).isGreaterThan(500);
        assertThat(invalid).isGreaterThan(500);
        assertThat(simplified).as("histories with unobserved values merged").isGreaterThan(1500);
    }

    /**
     * The kv store's own state machine (strings known by hash, length and what they extend) against
     * the definition, which steps the model's maps: one key, short pieces whose different orders often
     * make the same string, and timed-out appends and puts.
     */
    @Test
    void theKvStateMachineAgreesWithTheDefinition() throws HistoryException {
        KeyValue model = new KeyValue();
        int valid = 0;
        int invalid = 0;
        for (long seed = 0; seed < 3000; seed++) {
            History h = RandomHistories.kv(seed, 3, 7, 0.15, 0.15);
            boolean expected = BruteForceLinearizability.isLinearizable(model, h.operations());

            LinearizabilityResult r = checker.check(model, h);

            assertThat(r.verdict()).as("seed %d: %s", seed, h.ops()).isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
            valid += expected ? 1 : 0;
            invalid += expected ? 0 : 1;
        }
        assertThat(valid).isGreaterThan(500);
        assertThat(invalid).isGreaterThan(500);
    }

    @Test
    void largeHistoriesOfARealAtomicRegisterAreValid() throws HistoryException {
        for (long seed = 0; seed < 20; seed++) {
            History h = RandomHistories.casRegister(seed, 10, 600, 0, 0.05);

            LinearizabilityResult r = checker.check(CasRegister.casRegister(0L), h);

            assertThat(r.verdict()).as("seed %d: %s", seed, r.reason()).isEqualTo(Verdict.VALID);
        }
    }
}
