package io.faultline.checkers.format;

import io.faultline.checkers.history.HistoryException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import us.bpsm.edn.EdnIOException;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Characters for edn-java's parser that know which line they are on, so that every value read can
 * be reported at its line. edn-java's own {@code Parsers.newParseable(Readable)} reads ahead into a
 * buffer, so a line count kept underneath it would run ahead of the parser: the count has to be kept
 * here, where the parser reads and unreads one character at a time.
 */
final class EdnInput implements Parseable {
    private final Reader in;
    private final String source;
    private final boolean wholeFile;
    private final Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    private final Deque<Integer> pushedBack = new ArrayDeque<>();
    private int line;
    private boolean reachedEnd;

    private EdnInput(Reader in, String source, int firstLine, boolean wholeFile) {
        this.in = in;
        this.source = source;
        this.line = firstLine;
        this.wholeFile = wholeFile;
    }

    /** A whole file (or other stream), starting at line 1. */
    static EdnInput ofFile(Reader in, String source) {
        return new EdnInput(in instanceof BufferedReader ? in : new BufferedReader(in), source, 1, true);
    }

    /** One line of a line-oriented format, already read, that is line {@code lineNumber} of its source. */
    static EdnInput ofLine(String text, String source, int lineNumber) {
        return new EdnInput(new StringReader(text), source, lineNumber, false);
    }

    @Override
    public int read() throws IOException {
        int c = pushedBack.isEmpty() ? in.read() : pushedBack.pop();
        if (c == '\n') {
            line++;
        } else if (c == END_OF_INPUT) {
            reachedEnd = true;
        }
        return c;
    }

    @Override
    public void unread(int c) {
        if (c == '\n') {
            line--;
        }
        pushedBack.push(c);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The 1-based line of the next character. */
    int line() {
        return line;
    }

    /**
     * Skips what EDN treats as nothing between values (whitespace, commas, {@code ;} comments) and
     * returns the next character without consuming it, or {@link #END_OF_INPUT}.
     */
    int peekPastBlanks() throws IOException {
        while (true) {
            int c = read();
            if (c == ';') {
                while (c != '\n' && c != END_OF_INPUT) {
                    c = read();
                }
            } else if (c == END_OF_INPUT || !(Character.isWhitespace(c) || c == ',')) {
                unread(c);
                return c;
            }
        }
    }

    /**
     * The next EDN value as edn-java reads it ({@code null} for nil), or {@link Parser#END_OF_INPUT}.
     *
     * @throws HistoryException at the line where the value starts, when it is not valid EDN or the
     *     input ends inside it
     */
    Object nextValue() throws IOException, HistoryException {
        peekPastBlanks();
        int start = line;
        try {
            return parser.nextValue(this);
        } catch (EdnIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            // EdnSyntaxException, and whatever a tag handler throws (#uuid "bad": IllegalArgumentException)
            if (reachedEnd) {
                throw new HistoryException(source, start, "the EDN value starting here is still open when the "
                        + (wholeFile ? "file ends; the file looks truncated (was it copied while still being written?)"
                                : "line ends; each value must be complete on its line (a closing bracket or quote is missing)"),
                        e);
            }
            String where = line == start ? "" : " (the parser stopped at line " + line + ")";
            throw new HistoryException(source, start, "invalid EDN" + where + ": " + e.getMessage(), e);
        }
    }

    /** Everything not read yet. */
    String rest() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = read(); c != END_OF_INPUT; c = read()) {
            sb.append((char) c);
        }
        return sb.toString();
    }
}
