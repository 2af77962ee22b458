package io.faultline.checkers.linear;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The definition of linearizability, executed literally, as an oracle for small histories: try every
 * order of the operations that respects real time (an operation that completed before another was
 * invoked comes first), where determinate operations must all appear and indeterminate ones may.
 * Exponential, and shares no code with the checker's search. Public for other modules' tests, through
 * this module's test-jar.
 */
public final class BruteForceLinearizability {
    private BruteForceLinearizability() {
    }

    public static <S> boolean isLinearizable(Model<S> model, List<Operation> all) {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : all) {
            if (op.type() != OpType.FAIL || model.observesFailure(op)) {
                ops.add(op);
            }
        }
        return search(model, ops, new boolean[ops.size()], model.init());
    }

    private static <S> boolean search(Model<S> model, List<Operation> ops, boolean[] done, S state) {
        boolean allDeterminateDone = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!done[i] && !ops.get(i).isIndeterminate()) {
                allDeterminateDone = false;
            }
        }
        if (allDeterminateDone) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || !mayGoNext(ops, done, i)) {
                continue;
            }
            S next = model.step(state, ops.get(i));
            if (next == null) {
                continue;
            }
            done[i] = true;
            boolean found = search(model, ops, done, next);
            done[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** No operation still to be placed completed before {@code i} was invoked. */
    private static boolean mayGoNext(List<Operation> ops, boolean[] done, int i) {
        int invoked = ops.get(i).invokeIndex();
        for (int j = 0; j < ops.size(); j++) {
            if (!done[j] && j != i && !ops.get(j).isIndeterminate() && ops.get(j).completeIndex() < invoked) {
                return false;
            }
        }
        return true;
    }
}
