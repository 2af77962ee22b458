package io.faultline.checkers.linear;

import io.faultline.checkers.history.Operation;
import java.util.List;
import java.util.Map;

/**
 * Why a history is not linearizable, in enough detail to draw: the search could linearize these
 * prefixes, but in none of them could {@link #op()} take effect before it returned.
 *
 * @param op the operation that cannot be linearized: no order of the operations before its
 *     completion lets it take effect with the result it reported
 * @param partition the independent sub-history (e.g. the key) in which it failed, or null
 * @param longestPrefixes the longest linearizable prefixes found (up to a few), each an order of
 *     operations with the model state after each
 * @param possibleStates the states the model could have been in when {@code op} had to take effect
 * @param previousOk for every other process, its last {@code :ok} operation completed before
 *     {@code op} completed
 */
public record Counterexample(
        Operation op,
        String partition,
        List<List<Step>> longestPrefixes,
        List<String> possibleStates,
        Map<Integer, Operation> previousOk) {

    /** One operation of a linearization and the state it left. */
    public record Step(Operation op, String stateAfter) {
    }
}
