package io.faultline.checkers.model;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A set, initially empty: Knossos's {@code (set)}. {@code :add x} adds {@code x} (adding an element
 * already present is legal and changes nothing); {@code :read s} is legal iff {@code s}, a list or a
 * set, holds exactly the current elements. A read is compared as a set, so a duplicate in it goes
 * unnoticed; Knossos instead requires the read to be a set.
 *
 * <p>A read whose value is nil was not observed: an indeterminate read, or one whose completion
 * carried no value. It is an {@linkplain #isIdentity identity}. An empty set must be read as an empty
 * collection.
 *
 * <p>The state is an unmodifiable set of the elements.
 */
public final class SetModel implements Model<Set<Object>> {

    @Override
    public String name() {
        return "set";
    }

    @Override
    public String description() {
        return "A set, initially empty: :add adds an element, :read returns all of them.";
    }

    @Override
    public Set<Object> init() {
        return Set.of();
    }

    @Override
    public Set<Object> step(Set<Object> state, Operation op) {
        switch (op.f()) {
            case "add": {
                Object element = Canonical.of(op.value());
                if (element == null) {
                    throw OperationErrors.malformed(name(), op, "an :add needs the element to add, not nil");
                }
                if (state.contains(element)) {
                    return state;
                }
                Set<Object> next = new LinkedHashSet<>(state);
                next.add(element);
                return Canonical.setOf(next);
            }
            case "read":
                if (isIdentity(op)) {
                    return state;
                }
                if (!(op.value() instanceof Collection<?> read)) {
                    throw OperationErrors.malformed(name(), op, "a :read returns the whole set as a list or a set");
                }
                return Canonical.setOf(read).equals(state) ? state : null;
            default:
                throw OperationErrors.unsupported(name(), op, ":add and :read");
        }
    }

    @Override
    public boolean isIdentity(Operation op) {
        return op.f().equals("read") && (op.type() == OpType.INFO || op.value() == null);
    }

    @Override
    public String describe(Set<Object> state) {
        return Canonical.edn(state);
    }
}
