package io.faultline.checkers.linear;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.Model;
import java.time.Duration;
import java.util.List;

/** Interface agreed; engine in progress. */
public final class LinearizabilityChecker {
    public static LinearizabilityChecker create() {
        return new LinearizabilityChecker();
    }

    public LinearizabilityChecker withTimeLimit(Duration limit) {
        return this;
    }

    public LinearizabilityChecker withMemoryLimit(long bytes) {
        return this;
    }

    public LinearizabilityChecker withParallelism(int threads) {
        return this;
    }

    public <S> LinearizabilityResult check(Model<S> model, History history) throws HistoryException {
        return check(model, history.operations());
    }

    public <S> LinearizabilityResult check(Model<S> model, List<Operation> operations) {
        throw new UnsupportedOperationException("in progress");
    }
}
