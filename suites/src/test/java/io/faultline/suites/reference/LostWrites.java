package io.faultline.suites.reference;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Acknowledged writes that a later read shows were lost, in a register history whose writes are of
 * values never written before ({@link ReadsAndUniqueWrites}). Write w is lost when a read invoked
 * after w was acknowledged returns a value whose write was acknowledged before w was even invoked
 * (or the initial 0): that value precedes w in any linearization, so the read cannot return it
 * unless w vanished. The check is sound but not complete — what the linearizability checker decides
 * in full — and it takes time linear in reads × writes, so it gives a verdict on histories with
 * hundreds of indeterminate writes (a leader fault with no quorum left), where that search runs out
 * of memory.
 */
final class LostWrites {
    private LostWrites() {
    }

    /** The acknowledged writes lost, each with the read that shows it; empty when none. */
    static List<String> in(History history) throws HistoryException {
        List<Operation> operations = history.operations();
        Map<Long, Operation> writes = new HashMap<>();
        List<Operation> acknowledged = new ArrayList<>();
        for (Operation op : operations) {
            if (op.f().equals("write") && op.value() instanceof Number v) {
                writes.put(v.longValue(), op);
                if (op.type() == OpType.OK) {
                    acknowledged.add(op);
                }
            }
        }
        TreeSet<Long> reported = new TreeSet<>();
        List<String> lost = new ArrayList<>();
        for (Operation read : operations) {
            if (!read.f().equals("read") || read.type() != OpType.OK || !(read.value() instanceof Number seen)) {
                continue;
            }
            Operation source = writes.get(seen.longValue());
            boolean initial = seen.longValue() == 0;
            if (!initial && (source == null || source.type() != OpType.OK)) {
                continue; // an indeterminate write may take effect at any time after its invocation
            }
            for (Operation w : acknowledged) {
                long value = ((Number) w.value()).longValue();
                if (w.completeIndex() < read.invokeIndex() && (initial || source.completeIndex() < w.invokeIndex())
                        && reported.add(value)) {
                    lost.add("write " + value + " (acknowledged at history index " + w.completeIndex() + ") lost: read "
                            + "invoked at index " + read.invokeIndex() + " returned " + seen
                            + (initial ? ", the initial value" : ", written before it"));
                }
            }
        }
        return lost;
    }
}
