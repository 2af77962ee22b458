package io.faultline.checkers.durability;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.history.Values;
import io.faultline.checkers.linear.Verdict;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Did every acknowledged write survive? Jepsen's set checker ({@code jepsen.checker/set}) for the
 * set workload: clients {@code :add} distinct elements, then a {@code :read} returns the whole set
 * as a list or a set. Every element is judged by the final read, see {@link DurabilityResult}: an
 * {@code :ok} add missing from it is lost, an element nobody tried to add is unexpected, and either
 * makes the history invalid. Operations other than {@code :add} and {@code :read} are ignored.
 *
 * <p>The final read is the {@code :ok} read that completed last. Earlier reads are not judged, as in
 * Jepsen: they may have run before later adds. Like Jepsen's, this checker knows nothing of real time
 * otherwise, so it expects the final read to begin after the adds have finished, as the set workload
 * arranges by reading only once adding stops; an add acknowledged while the final read ran and
 * missing from it would be reported lost.
 *
 * <p>As in Jepsen, an element whose add {@code :fail}ed but which was read anyway counts as
 * recovered, although {@code :fail} promised the add did not happen.
 */
public final class SetChecker {
    private SetChecker() {
    }

    /**
     * Classifies the elements of a set workload's history.
     *
     * @throws HistoryException when the history is not well formed (see {@link History#validate()})
     */
    public static DurabilityResult check(History history) throws HistoryException {
        return check(history.operations());
    }

    /** Classifies the elements of a set workload's operations, as {@link History#operations()} pairs them. */
    public static DurabilityResult check(List<Operation> operations) {
        Set<Object> attempted = new LinkedHashSet<>();
        Set<Object> acknowledged = new LinkedHashSet<>();
        Operation finalRead = null;
        for (Operation op : operations) {
            if (op.f().equals("add")) {
                // the element is what the add was asked to add, so that acknowledged is a subset of
                // attempted even should a completion echo a different value
                Object element = Elements.canonical(op.invocation().value());
                attempted.add(element);
                if (op.type() == OpType.OK) {
                    acknowledged.add(element);
                }
            } else if (op.f().equals("read") && op.type() == OpType.OK
                    && (finalRead == null || op.completeIndex() >= finalRead.completeIndex())) {
                finalRead = op;
            }
        }
        if (finalRead == null) {
            return unknown("no final read: no :read completed :ok, so nothing shows which adds survived; end the "
                    + "workload with a read of the whole set once adding stops", attempted, acknowledged, null);
        }
        if (!(finalRead.value() instanceof Collection<?> elements)) {
            return unknown("the final read (" + finalRead + ") returned " + Values.toEdn(finalRead.value())
                    + ", not the set; a :read must return every element as a list or a set", attempted, acknowledged,
                    finalRead);
        }
        Set<Object> read = new LinkedHashSet<>();
        elements.forEach(x -> read.add(Elements.canonical(x)));

        Set<Object> ok = new LinkedHashSet<>(acknowledged);
        ok.retainAll(read);
        Set<Object> recovered = new LinkedHashSet<>(read);
        recovered.retainAll(attempted);
        recovered.removeAll(acknowledged);
        Set<Object> lost = new LinkedHashSet<>(acknowledged);
        lost.removeAll(read);
        Set<Object> unexpected = new LinkedHashSet<>(read);
        unexpected.removeAll(attempted);

        Verdict verdict = lost.isEmpty() && unexpected.isEmpty() ? Verdict.VALID : Verdict.INVALID;
        return new DurabilityResult(verdict, null, attempted.size(), acknowledged.size(), Elements.sorted(ok),
                Elements.sorted(recovered), Elements.sorted(lost), Elements.sorted(unexpected), finalRead);
    }

    private static DurabilityResult unknown(String reason, Set<Object> attempted, Set<Object> acknowledged,
            Operation finalRead) {
        return new DurabilityResult(Verdict.UNKNOWN, reason, attempted.size(), acknowledged.size(), List.of(), List.of(),
                List.of(), List.of(), finalRead);
    }
}
