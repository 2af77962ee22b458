package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import us.bpsm.edn.parser.Parseable;

/**
 * Jepsen's {@code history.edn}. Knossos' files hold one vector {@code [...]} or list {@code (...)} of
 * op maps; Jepsen itself writes the maps one per line with no brackets around them. Both
 * are read. The elements are parsed one at a time, rather than the whole collection at once, so that
 * each op knows the line its map starts on and a truncated file still says where it breaks.
 */
final class EdnHistoryFormat {
    private EdnHistoryFormat() {
    }

    static History read(Reader reader, String source) throws IOException, HistoryException {
        EdnInput in = EdnInput.ofFile(reader, source);
        HistoryBuilder history = new HistoryBuilder(source);
        int first = in.peekPastBlanks();
        if (first == Parseable.END_OF_INPUT) {
            return history.build();
        }
        int openLine = in.line();
        int close = switch (first) {
            case '[' -> ']';
            case '(' -> ')';
            case '{' -> Parseable.END_OF_INPUT;
            default -> throw new HistoryException(source, openLine, "expected [ or ( opening a collection of op maps, "
                    + "or op maps one per line as Jepsen writes them; found '" + (char) first + "'");
        };
        if (close != Parseable.END_OF_INPUT) {
            in.read();
        }
        while (true) {
            int next = in.peekPastBlanks();
            if (next == close) {
                break;
            }
            if (next == Parseable.END_OF_INPUT) {
                throw new HistoryException(source, in.line(), "the file ends before the " + (char) first
                        + " opened on line " + openLine + " is closed by " + (char) close
                        + "; the file looks truncated (was it copied while still being written?)");
            }
            int line = in.line();
            history.add(EdnOps.fromMap(EdnOps.requireMap(in.nextValue(), source, line), source, line), line);
        }
        in.read();
        if (in.peekPastBlanks() != Parseable.END_OF_INPUT) {
            throw new HistoryException(source, in.line(), "unexpected text after the " + (char) close
                    + " that closes the history opened on line " + openLine + "; expected the end of the file");
        }
        return history.build();
    }

    /** Jepsen's form, one map per line inside {@code [ ]}: what Knossos and Elle read. */
    static void write(History history, Writer out) throws IOException {
        out.write('[');
        for (Op op : history.ops()) {
            if (op.index() > 0) {
                out.write("\n ");
            }
            out.write(EdnOps.toMap(op));
        }
        out.write("]\n");
    }
}
