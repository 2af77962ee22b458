package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.KeyValue;
import io.faultline.checkers.model.Model;
import java.util.ArrayList;
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
        assertThat(Oracle.isLinearizable(model, ops)).as("oracle, seed %d: %s", seed, s.history().ops())
                .isEqualTo(s.linearizable());
        assertThat(CHECKER.check(model, ops).verdict()).as("checker, seed %d", seed)
                .isEqualTo(s.linearizable() ? Verdict.VALID : Verdict.INVALID);
    }

    /**
     * Every order of the operations that respects real time, determinate ones all placed and
     * indeterminate ones optionally; exponential, and sharing no code with the checker's search.
     */
    private static final class Oracle {
        static <S> boolean isLinearizable(Model<S> model, List<Operation> all) {
            List<Operation> ops = new ArrayList<>();
            for (Operation op : all) {
                if (op.type() != OpType.FAIL || model.observesFailure(op)) {
                    ops.add(op);
                }
            }
            return search(model, ops, new boolean[ops.size()], model.init());
        }

        private static <S> boolean search(Model<S> model, List<Operation> ops, boolean[] done, S state) {
            boolean finished = true;
            for (int i = 0; i < ops.size(); i++) {
                finished &= done[i] || ops.get(i).isIndeterminate();
            }
            if (finished) {
                return true;
            }
            for (int i = 0; i < ops.size(); i++) {
                if (done[i] || !mayGoNext(ops, done, i)) {
                    continue;
                }
                S next = model.step(state, ops.get(i));
                if (next != null) {
                    done[i] = true;
                    boolean found = search(model, ops, done, next);
                    done[i] = false;
                    if (found) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean mayGoNext(List<Operation> ops, boolean[] done, int i) {
            for (int j = 0; j < ops.size(); j++) {
                if (!done[j] && j != i && !ops.get(j).isIndeterminate()
                        && ops.get(j).completeIndex() < ops.get(i).invokeIndex()) {
                    return false;
                }
            }
            return true;
        }
    }
}
