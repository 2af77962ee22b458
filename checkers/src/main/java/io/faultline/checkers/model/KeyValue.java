package io.faultline.checkers.model;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key-value store of strings: Porcupine's {@code kvModel}. Every operation's value is a pair
 * {@code [key value]}, which is how the porcupine-kv history reader carries Porcupine's {@code :key}.
 * Every key starts as the empty string; {@code :put [k s]} sets it to {@code s}, {@code :append [k s]}
 * appends {@code s}, and {@code :get [k s]} is legal iff {@code k} holds {@code s}. A get whose string
 * is nil (an indeterminate get, or one whose completion carried none) was not observed and is an
 * {@linkplain #isIdentity identity}.
 *
 * <p>Keys are independent, so by default {@link #partition} splits a history per key and the checker
 * checks each key alone, as Porcupine's {@code kvModel} does. {@link #unpartitioned()} keeps the
 * history whole, like Porcupine's {@code kvNoPartitionModel}: same verdicts, far slower, useful to
 * measure what partitioning buys.
 *
 * <p>The state is an unmodifiable map from key to string that leaves out keys holding "", so that a
 * key put to "" and a key never written are one state. It keeps appended strings as ropes with their
 * hashes, so that a step costs the same however long the strings have grown.
 */
public final class KeyValue implements Model<Map<Object, String>> {
    private static final String SHAPE = "a kv value is [key string], e.g. [\"x\" \"abc\"]; a :get invocation may carry "
            + "[key nil]";

    private final boolean partitioned;

    /** The store, checked one key at a time. */
    public KeyValue() {
        this(true);
    }

    private KeyValue(boolean partitioned) {
        this.partitioned = partitioned;
    }

    /** The store, checked as a whole. */
    public static KeyValue unpartitioned() {
        return new KeyValue(false);
    }

    @Override
    public String name() {
        return partitioned ? "kv" : "kv-unpartitioned";
    }

    @Override
    public String description() {
        return "A key-value store of strings, every key initially \"\": :put sets, :append appends, :get reads"
                + (partitioned ? "; checked key by key." : "; checked as a whole.");
    }

    @Override
    public Map<Object, String> init() {
        return KeyValueState.EMPTY;
    }

    @Override
    public Map<Object, String> step(Map<Object, String> state, Operation op) {
        return apply(state, decode(op));
    }

    /** The operation decoded, or the operation itself when it is malformed (step then says how). */
    @Override
    public Object prepare(Operation op) {
        try {
            return decode(op);
        } catch (IllegalArgumentException e) {
            return op;
        }
    }

    /**
     * For a partition of one key (every partition of the partitioned store), a machine whose states
     * are the key's strings, recognised without being built; null for several keys or a malformed
     * operation.
     */
    @Override
    public StateMachine<Map<Object, String>> stateMachine(List<Operation> ops) {
        List<Step> steps = new ArrayList<>(ops.size());
        Object key = null;
        for (Operation op : ops) {
            if (!(prepare(op) instanceof Step step) || (key != null && !key.equals(step.key()))) {
                return null;
            }
            key = step.key();
            steps.add(step);
        }
        return key == null ? null : KeyStringMachine.of(key, steps);
    }

    @Override
    public Map<Object, String> stepPrepared(Map<Object, String> state, Object prepared) {
        return prepared instanceof Step s ? apply(state, s) : step(state, (Operation) prepared);
    }

    enum Kind { GET, PUT, APPEND }

    /**
     * An operation decoded: its kind, its key (a string key interned, so that comparing keys is
     * mostly comparing references) and its string, null for a get nobody saw the result of.
     */
    record Step(Kind kind, Object key, String string) {
    }

    private Step decode(Operation op) {
        Kind kind = switch (op.f()) {
            case "get" -> Kind.GET;
            case "put" -> Kind.PUT;
            case "append" -> Kind.APPEND;
            default -> throw OperationErrors.unsupported(name(), op, ":get, :put and :append");
        };
        List<?> pair = pair(op);
        Object key = key(pair);
        if (key instanceof String k) {
            key = k.intern();
        }
        boolean unseen = kind == Kind.GET && (op.type() == OpType.INFO || pair.get(1) == null);
        return new Step(kind, key, unseen ? null : string(op, pair));
    }

    private static Map<Object, String> apply(Map<Object, String> state, Step op) {
        KeyValueState s = KeyValueState.of(state);
        return switch (op.kind()) {
            case GET -> op.string() == null || s.rope(op.key()).contentEquals(op.string()) ? state : null;
            case PUT -> s.with(op.key(), Rope.of(op.string()));
            case APPEND -> s.with(op.key(), s.rope(op.key()).append(op.string()));
        };
    }

    @Override
    public boolean isIdentity(Operation op) {
        return op.f().equals("get") && (op.type() == OpType.INFO || pair(op).get(1) == null);
    }

    /** Per key, in the order given, when partitioned; otherwise the whole history as one part. */
    @Override
    public List<List<Operation>> partition(List<Operation> ops) {
        if (!partitioned) {
            return List.of(ops);
        }
        Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : ops) {
            byKey.computeIfAbsent(key(op), k -> new ArrayList<>()).add(op);
        }
        List<List<Operation>> parts = new ArrayList<>(byKey.size());
        byKey.values().forEach(part -> parts.add(Collections.unmodifiableList(part)));
        return Collections.unmodifiableList(parts);
    }

    @Override
    public String describe(Map<Object, String> state) {
        return Canonical.edn(state);
    }

    private List<?> pair(Operation op) {
        if (op.value() instanceof List<?> l && l.size() == 2 && l.get(0) != null) {
            return l;
        }
        throw OperationErrors.malformed(name(), op, SHAPE);
    }

    private Object key(Operation op) {
        return key(pair(op));
    }

    private static Object key(List<?> pair) {
        Object key = pair.get(0);
        // Strings, the common key, are canonical already; Values.canonical would test each against
        // the collection interfaces on every step of the search.
        return key instanceof String ? key : Canonical.of(key);
    }

    private String string(Operation op, List<?> pair) {
        if (pair.get(1) instanceof String s) {
            return s;
        }
        throw OperationErrors.malformed(name(), op, SHAPE);
    }
}
