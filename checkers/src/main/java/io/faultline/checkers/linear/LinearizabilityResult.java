package io.faultline.checkers.linear;

import java.time.Duration;

/**
 * The outcome of a linearizability check.
 *
 * @param verdict valid, invalid or unknown
 * @param model the model's name
 * @param operations client operations checked (invocations)
 * @param elapsed wall time of the search
 * @param reason why the verdict is unknown, or null
 * @param counterexample why the verdict is invalid, or null
 * @param configurations distinct (linearized set, state) configurations the search visited
 */
public record LinearizabilityResult(
        Verdict verdict,
        String model,
        int operations,
        Duration elapsed,
        String reason,
        Counterexample counterexample,
        long configurations) {

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }
}
