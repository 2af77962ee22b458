package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Operation;
import io.faultline.checkers.linear.BruteForceLinearizability;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.KeyValue;
import io.faultline.checkers.model.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harder set's verdicts are known by construction; on histories small enough for the definition
 * of linearizability to be executed literally, the construction, that oracle and the checker agree.
 */
class SyntheticHistoriesTest {
    private static final LinearizabilityChecker CHECKER = LinearizabilityChecker.create();

    @Test
    void smallKvHistoriesAreWhatTheyWereBuiltToBe() throws Exception {
        int bad = 0;
        for (long seed = 0; seed < 150; seed++) {
            SyntheticHistories.Synthetic s;
            try {
                s = SyntheticHistories.kv(seed, 3, 2, 3, seed % 2 == 1);
            } catch (IllegalStateException noLateGetToBreak) {
                continue;
            }
            bad += s.linearizable() ? 0 : 1;
            agree(new KeyValue(), s, seed);
        }
        assertThat(bad).as("bad histories built").isGreaterThan(20);
    }

    @Test
    void smallCasRegisterHistoriesWithTimeoutsAreWhatTheyWereBuiltToBe() throws Exception {
        int bad = 0;
        long infos = 0;
        CasRegister model = CasRegister.casRegister(null, CasRegister.Semantics.PORCUPINE);
        for (long seed = 0; seed < 150; seed++) {
            SyntheticHistories.Synthetic s;
            try {
                s = SyntheticHistories.casRegister(seed, 3, 9, 0.2, 1, seed % 2 == 1);
            } catch (IllegalStateException noLateReadToBreak) {
                continue;
            }
            bad += s.linearizable() ? 0 : 1;
            infos += s.history().operations().stream().filter(Operation::isIndeterminate).count();
            agree(model, s, seed);
        }
        assertThat(bad).as("bad histories built").isGreaterThan(20);
        assertThat(infos).as("timed-out operations").isGreaterThan(100);
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        assertThat(SyntheticHistories.casRegister(7, 20, 200, 0.1, 0.1, true).history().ops())
                .isEqualTo(SyntheticHistories.casRegister(7, 20, 200, 0.1, 0.1, true).history().ops());
        assertThat(SyntheticHistories.kv(7, 10, 3, 10, true).history().ops())
                .isEqualTo(SyntheticHistories.kv(7, 10, 3, 10, true).history().ops());
    }

    private static <S> void agree(Model<S> model, SyntheticHistories.Synthetic s, long seed) throws Exception {
        List<Operation> ops = s.history().operations();
        assertThat(BruteForceLinearizability.isLinearizable(model, ops)).as("oracle, seed %d: %s", seed, s.history().ops())
                .isEqualTo(s.linearizable());
        assertThat(CHECKER.check(model, ops).verdict()).as("checker, seed %d", seed)
                .isEqualTo(s.linearizable() ? Verdict.VALID : Verdict.INVALID);
    }
}
