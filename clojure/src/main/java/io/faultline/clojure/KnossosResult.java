package io.faultline.clojure;

import io.faultline.checkers.linear.Verdict;
import java.time.Duration;
import java.util.Map;

/**
 * What Knossos said about a history.
 *
 * @param verdict {@code :valid? true} is VALID, {@code false} INVALID, anything else UNKNOWN
 * @param elapsed wall time of Knossos' analysis, converting the history to Clojure data excluded
 * @param cause why the verdict is unknown ({@code :timeout}, {@code :out-of-memory}, or what Knossos
 *     threw), or null
 * @param analysis Knossos' whole answer, a Clojure map ({@code :op}, {@code :previous-ok},
 *     {@code :final-paths}, {@code :configs}, …); empty when Knossos threw
 */
public record KnossosResult(Verdict verdict, Duration elapsed, String cause, Map<?, ?> analysis) {
}
