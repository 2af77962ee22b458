package io.faultline.checkers.history;

/**
 * A history that cannot be read or is not well formed. The message names the place
 * ({@code file:line: what is wrong}) so that a user can open the file at the offending line.
 */
public class HistoryException extends Exception {
    private final String source;
    private final int line;
    private final String problem;

    public HistoryException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    public HistoryException(String source, int line, String problem, Throwable cause) {
        super(location(source, line) + problem, cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    private static String location(String source, int line) {
        String s = source == null ? "<history>" : source;
        return line > 0 ? s + ":" + line + ": " : s + ": ";
    }

    /** The file or other source name, or null. */
    public String source() {
        return source;
    }

    /** 1-based line, or 0 when the source has no lines. */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** The same problem, reported against another source name. */
    public HistoryException in(String newSource) {
        return new HistoryException(newSource, line, problem, getCause());
    }
}
