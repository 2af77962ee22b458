package io.faultline.checkers.durability;

import io.faultline.checkers.history.Operation;
import io.faultline.checkers.linear.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What became of the elements a set workload added, classified as Jepsen's set checker does. Each
 * list is sorted when its elements are comparable. Jepsen's {@code :ok-count} counts both
 * {@link #ok} and {@link #recovered}.
 *
 * @param verdict INVALID when an acknowledged add was lost or an element was read that nobody
 *     added; UNKNOWN when there is no final read to judge by; VALID otherwise
 * @param reason why the verdict is UNKNOWN, or null
 * @param attemptCount distinct elements whose add was invoked
 * @param acknowledgedCount distinct elements whose add completed {@code :ok}
 * @param ok added with {@code :ok} and present in the final read
 * @param recovered added without acknowledgement ({@code :info}, {@code :fail} or no completion),
 *     yet present in the final read
 * @param lost added with {@code :ok} and absent from the final read: an acknowledged write lost
 * @param unexpected present in the final read although no add of it was invoked
 * @param finalRead the read the elements were judged by, or null when there was none
 */
public record DurabilityResult(
        Verdict verdict,
        String reason,
        int attemptCount,
        int acknowledgedCount,
        List<Object> ok,
        List<Object> recovered,
        List<Object> lost,
        List<Object> unexpected,
        Operation finalRead) {

    public DurabilityResult {
        ok = frozen(ok);
        recovered = frozen(recovered);
        lost = frozen(lost);
        unexpected = frozen(unexpected);
    }

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }

    /**
     * One line for a log or a report, e.g. {@code INVALID: 2 of 90 acknowledged adds lost [3 7], 0
     * unexpected []; 100 attempted, 88 ok, 5 recovered}.
     */
    public String summary() {
        if (verdict == Verdict.UNKNOWN) {
            return "UNKNOWN: " + reason;
        }
        return verdict + ": " + lost.size() + " of " + acknowledgedCount + " acknowledged adds lost "
                + Elements.sample(lost) + ", " + unexpected.size() + " unexpected " + Elements.sample(unexpected) + "; "
                + attemptCount + " attempted, " + ok.size() + " ok, " + recovered.size() + " recovered";
    }

    private static List<Object> frozen(List<Object> elements) {
        // elements may include nil, which List.copyOf refuses
        return Collections.unmodifiableList(new ArrayList<>(elements));
    }
}
