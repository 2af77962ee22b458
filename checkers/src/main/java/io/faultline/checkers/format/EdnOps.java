package io.faultline.checkers.format;

import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Values;
import java.util.Map;

/**
 * Jepsen's op fields as EDN values (keywords, integers, {@code :nemesis}) to and from {@link Op}: the
 * maps of {@code history.edn} and Porcupine's kv logs, and the columns of a console log.
 */
final class EdnOps {
    static final Keyword TIME = Keyword.of("time");
    static final Keyword TYPE = Keyword.of("type");
    static final Keyword PROCESS = Keyword.of("process");
    static final Keyword F = Keyword.of("f");
    static final Keyword VALUE = Keyword.of("value");
    static final Keyword ERROR = Keyword.of("error");
    private static final Keyword NEMESIS = Keyword.of("nemesis");
    private static final String EXAMPLE = "{:process 0, :type :invoke, :f :read, :value nil}";

    private EdnOps() {
    }

    /** An element of a history as a map with plain-Java keys and values; throws unless it is a map. */
    static Map<?, ?> requireMap(Object ednElement, String source, int line) throws HistoryException {
        Object element = Values.fromEdnObject(ednElement);
        if (element instanceof Map<?, ?> map) {
            return map;
        }
        throw new HistoryException(source, line, "expected an op map such as " + EXAMPLE + "; found " + describe(element));
    }

    /**
     * The op a Jepsen op map describes. {@code :index} is not kept (a {@code History} numbers its events
     * by position), nor are keys an {@link Op} has no place for (Jepsen adds e.g. {@code :node}).
     */
    static Op fromMap(Map<?, ?> map, String source, int line) throws HistoryException {
        OpType type = map.get(TYPE) instanceof Keyword k ? OpType.fromKeyword(k.name()) : null;
        if (type == null) {
            throw problem(map, TYPE, "expected one of :invoke, :ok, :fail, :info", source, line);
        }
        Object time = map.get(TIME);
        if (time != null && !(time instanceof Long)) {
            throw problem(map, TIME, "expected nanoseconds as an integer", source, line);
        }
        return new Op(-1, process(map, source, line), type, f(map, source, line), map.get(VALUE),
                time == null ? Op.NO_TIME : (Long) time, map.get(ERROR));
    }

    private static int process(Map<?, ?> map, String source, int line) throws HistoryException {
        Object process = map.get(PROCESS);
        if (NEMESIS.equals(process)) {
            return Op.NEMESIS;
        }
        if (process instanceof Long p && p >= 0 && p <= Integer.MAX_VALUE) {
            return p.intValue();
        }
        throw problem(map, PROCESS, "expected a non-negative integer, or :nemesis for the fault injector", source, line);
    }

    private static String f(Map<?, ?> map, String source, int line) throws HistoryException {
        if (map.get(F) instanceof Keyword k) {
            return k.name();
        }
        throw problem(map, F, "expected a keyword naming the operation, such as :read", source, line);
    }

    private static HistoryException problem(Map<?, ?> map, Keyword key, String expected, String source, int line) {
        String found = map.containsKey(key) ? "is " + describe(map.get(key)) : "is missing";
        return new HistoryException(source, line, key + " " + found + "; " + expected);
    }

    /** The op as Jepsen writes it into {@code history.edn}, so that Knossos and Elle read it. */
    static String toMap(Op op) {
        StringBuilder sb = new StringBuilder("{:index ").append(op.index());
        if (op.hasTime()) {
            sb.append(", :time ").append(op.time());
        }
        sb.append(", :type :").append(op.type().keyword())
                .append(", :process ").append(process(op))
                .append(", :f :").append(op.f())
                .append(", :value ").append(Values.toEdn(op.value()));
        if (op.error() != null) {
            sb.append(", :error ").append(Values.toEdn(op.error()));
        }
        return sb.append('}').toString();
    }

    /** {@code 3}, or {@code :nemesis}. */
    static String process(Op op) {
        return op.isNemesis() ? NEMESIS.toString() : Integer.toString(op.process());
    }

    /** A value as the user wrote it, short enough for an error message. */
    static String describe(Object value) {
        String edn = Values.toEdn(value);
        return edn.length() <= 60 ? edn : edn.substring(0, 57) + "...";
    }
}
