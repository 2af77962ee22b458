package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects the events a reader finds, each with the source line it came from. */
final class HistoryBuilder {
    private final String source;
    private final List<Op> ops = new ArrayList<>();
    private int[] lines = new int[256];

    HistoryBuilder(String source) {
        this.source = source;
    }

    void add(Op op, int line) {
        if (ops.size() == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[ops.size()] = line;
        ops.add(op);
    }

    /** How a line-per-op format reads one non-blank line. */
    interface LineReader {
        Op op(String line, int lineNumber) throws IOException, HistoryException;
    }

    /** A history of one op per line (JSON Lines, Porcupine's kv logs); blank lines are skipped. */
    static History readLines(Reader reader, String source, LineReader lineReader) throws IOException, HistoryException {
        BufferedReader in = new BufferedReader(reader);
        HistoryBuilder history = new HistoryBuilder(source);
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                history.add(lineReader.op(line, lineNumber), lineNumber);
            }
        }
        return history.build();
    }

    /** The history read so far; not validated. */
    History build() {
        return History.of(source, ops, lines);
    }
}
