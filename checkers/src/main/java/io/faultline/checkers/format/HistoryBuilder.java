package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
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

    /** The history read so far; not validated. */
    History build() {
        return History.of(source, ops, lines);
    }
}
