package io.faultline.checkers.linear;

import io.faultline.checkers.history.Operation;
import java.util.List;

/** What one partition's search concluded. */
record SearchOutcome(Verdict verdict, String reason, Failure failure, long configurations) {

    /** The raw material of a {@link Counterexample}. */
    record Failure(Operation op, List<List<Counterexample.Step>> prefixes, List<String> possibleStates) {
    }

    static SearchOutcome valid(long configurations) {
        return new SearchOutcome(Verdict.VALID, null, null, configurations);
    }

    static SearchOutcome invalid(Failure failure, long configurations) {
        return new SearchOutcome(Verdict.INVALID, null, failure, configurations);
    }

    static SearchOutcome unknown(String reason, long configurations) {
        return new SearchOutcome(Verdict.UNKNOWN, reason, null, configurations);
    }
}
