package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Values;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.parser.Parser;

/**
 * Porcupine's key-value test logs: one EDN map per line,
 * {@code {:process 9, :type :invoke, :f :append, :key "0", :value "x 9 0 y"}}. The key has no field
 * of its own in an {@link Op}; as in Jepsen's independent-key tests, it travels in the value, which
 * becomes the pair {@code [key value]}.
 */
final class PorcupineKvFormat {
    private static final Keyword KEY = Keyword.of("key");
    private static final String EXAMPLE = "{:process 0, :type :invoke, :f :get, :key \"1\", :value nil}";

    private PorcupineKvFormat() {
    }

    static History read(Reader reader, String source) throws IOException, HistoryException {
        return HistoryBuilder.readLines(reader, source, (line, lineNumber) -> op(line, source, lineNumber));
    }

    private static Op op(String line, String source, int lineNumber) throws IOException, HistoryException {
        EdnInput in = EdnInput.ofLine(line, source, lineNumber);
        Object first = in.nextValue();
        if (first == Parser.END_OF_INPUT) {
            // a comment or a #_ discard alone on a line: nothing that EdnOps could describe
            throw new HistoryException(source, lineNumber, "no op map on the line, only a comment or a discarded value; "
                    + "expected one op map per line, such as " + EXAMPLE);
        }
        Map<?, ?> map = EdnOps.requireMap(first, source, lineNumber);
        if (in.nextValue() != Parser.END_OF_INPUT) {
            throw new HistoryException(source, lineNumber, "more than one value on the line; expected one op map per line, such as " + EXAMPLE);
        }
        if (!map.containsKey(KEY)) {
            throw new HistoryException(source, lineNumber, ":key is missing; porcupine-kv lines look like " + EXAMPLE);
        }
        Op op = EdnOps.fromMap(map, source, lineNumber);
        return new Op(op.index(), op.process(), op.type(), op.f(), pair(map.get(KEY), op.value()), op.time(), op.error());
    }

    /** {@code [key value]}; the value is nil on a get's invocation, which {@code List.of} would refuse. */
    private static List<Object> pair(Object key, Object value) {
        return Collections.unmodifiableList(Arrays.asList(key, value));
    }

    /**
     * Porcupine's form. {@code :time} and {@code :error}, which Porcupine's logs never have, are
     * appended when an op has them rather than silently dropped.
     *
     * @throws IllegalArgumentException when an op's value is not a {@code [key value]} pair
     */
    static void write(History history, Writer out) throws IOException {
        for (Op op : history.ops()) {
            if (!(op.value() instanceof List<?> pair && pair.size() == 2)) {
                throw new IllegalArgumentException("porcupine-kv writes ops whose value is a [key value] pair, but event "
                        + op.index() + " (" + op + ") has value " + EdnOps.describe(op.value())
                        + "; write this history as edn or jsonl instead");
            }
            StringBuilder sb = new StringBuilder("{:process ").append(EdnOps.process(op))
                    .append(", :type :").append(op.type().keyword())
                    .append(", :f :").append(op.f())
                    .append(", :key ").append(Values.toEdn(pair.get(0)))
                    .append(", :value ").append(Values.toEdn(pair.get(1)));
            if (op.hasTime()) {
                sb.append(", :time ").append(op.time());
            }
            if (op.error() != null) {
                sb.append(", :error ").append(Values.toEdn(op.error()));
            }
            out.write(sb.append("}\n").toString());
        }
    }
}
