package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Values;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import us.bpsm.edn.parser.Parser;

/**
 * Jepsen's console log, where {@code jepsen.util} logs each event as
 * {@code INFO  jepsen.util - 3	:invoke	:read	nil}: process, type, f and value (and, on some
 * failures, an error), separated by tabs or by runs of spaces.
 *
 * <p>Which lines are events: a log is a sequence of records, each starting with a level
 * ({@code INFO}, {@code WARN}, ...) or a date, possibly continued on following lines (a stack
 * trace). A {@code jepsen.util -} record whose text starts with a number or a keyword, as a process
 * ({@code 3}, {@code :nemesis}) does, is an event and must parse as one; any other record (another
 * logger's, or {@code jepsen.util}'s other messages) is skipped with its continuation lines. Blank
 * lines are skipped. Any other line is an error: a log we cannot account for line by line is not one
 * we should quietly check.
 */
final class JepsenLogFormat {
    private static final Pattern EVENT = Pattern.compile("jepsen\\.util\\s+-\\s+((?:-?\\d|:).*)");
    private static final Pattern RECORD_START =
            Pattern.compile("(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\\b.*|\\d{4}-\\d{2}-\\d{2}.*");

    private JepsenLogFormat() {
    }

    static History read(Reader reader, String source) throws IOException, HistoryException {
        BufferedReader in = new BufferedReader(reader);
        HistoryBuilder history = new HistoryBuilder(source);
        boolean inOtherRecord = false;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            Matcher event = EVENT.matcher(line);
            if (event.find()) {
                history.add(event(event.group(1), source, lineNumber), lineNumber);
                inOtherRecord = false;
            } else if (RECORD_START.matcher(line).matches()) {
                inOtherRecord = true;
            } else if (!line.isBlank() && !inOtherRecord) {
                throw new HistoryException(source, lineNumber, "not a Jepsen log line: expected "
                        + "'INFO  jepsen.util - <process> <type> <f> <value>', another log record starting with "
                        + "a level or a date, or a blank line; found '" + shorten(line) + "'");
            }
        }
        return history.build();
    }

    private static Op event(String fields, String source, int line) throws IOException, HistoryException {
        EdnInput in = EdnInput.ofLine(fields, source, line);
        Map<Object, Object> op = new LinkedHashMap<>();
        for (Object key : new Object[] {EdnOps.PROCESS, EdnOps.TYPE, EdnOps.F, EdnOps.VALUE}) {
            Object value = in.nextValue();
            if (value == Parser.END_OF_INPUT) {
                throw new HistoryException(source, line, "the event has no " + key
                        + "; expected '<process> <type> <f> <value>' after 'jepsen.util - '");
            }
            op.put(key, Values.fromEdnObject(value));
        }
        String error = in.rest().strip();
        if (!error.isEmpty()) {
            op.put(EdnOps.ERROR, error(error, source, line));
        }
        return EdnOps.fromMap(op, source, line);
    }

    /**
     * Jepsen prints the error with {@code print}, not {@code pr}, so it is EDN only when it has no
     * strings in it: it is kept as its EDN value when it reads as exactly one, else as the raw text.
     */
    private static Object error(String text, String source, int line) throws IOException {
        EdnInput in = EdnInput.ofLine(text, source, line);
        try {
            Object value = in.nextValue();
            if (in.nextValue() == Parser.END_OF_INPUT) {
                return Values.fromEdnObject(value);
            }
        } catch (HistoryException notEdn) {
            // the raw text is the best we have
        }
        return text;
    }

    /** Jepsen's form, tab-separated; the error, when there is one, is written as EDN so it reads back the same. */
    static void write(History history, Writer out) throws IOException {
        for (Op op : history.ops()) {
            out.write("INFO  jepsen.util - " + EdnOps.process(op) + "\t:" + op.type().keyword() + "\t:" + op.f() + "\t"
                    + Values.toEdn(op.value()) + (op.error() == null ? "" : "\t" + Values.toEdn(op.error())) + "\n");
        }
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
