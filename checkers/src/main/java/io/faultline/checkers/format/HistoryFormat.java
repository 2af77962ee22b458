package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The history formats Faultline reads and writes. */
public enum HistoryFormat {
    /** Jepsen's {@code history.edn}: a vector or list of op maps, or op maps one per line. */
    EDN("edn"),
    /** Jepsen console log lines: {@code INFO  jepsen.util - 3	:invoke	:read	nil}. */
    JEPSEN_LOG("jepsen-log"),
    /** Porcupine's kv test logs: one EDN map per line with {@code :key}; the value becomes {@code [key value]}. */
    PORCUPINE_KV("porcupine-kv"),
    /** One JSON object per line; what Faultline's harness and reports use. */
    JSONL("jsonl");

    private final String cliName;

    HistoryFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The format named {@code name} on the command line; throws naming the choices otherwise. */
    public static HistoryFormat fromCliName(String name) {
        for (HistoryFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown history format '" + name + "'; choose one of edn, jepsen-log, porcupine-kv, jsonl");
    }

    /**
     * Guesses the format of a file from its name ({@code .edn}, {@code .jsonl} or {@code .ndjson},
     * {@code .log}), else from its first line that is neither blank nor an EDN comment: {@code [} or
     * {@code (} is EDN; an EDN map is porcupine-kv if it has a {@code :key} or the file is a
     * {@code .txt}, else EDN (Jepsen's one-map-per-line {@code history.edn}); a JSON object is JSON
     * Lines; a line with {@code jepsen.util -} is a Jepsen log.
     *
     * @throws IllegalArgumentException when neither tells: {@code file: cannot tell...}, saying how to name the format
     */
    public static HistoryFormat detect(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".edn")) {
            return EDN;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".log")) {
            return JEPSEN_LOG;
        }
        String first = firstMeaningfulLine(file);
        HistoryFormat sniffed = first == null ? null : sniff(first, name.endsWith(".txt"));
        if (sniffed == null) {
            throw new IllegalArgumentException(file + ": cannot tell the history format from its name or "
                    + (first == null ? "content (it is empty)" : "first line '" + shorten(first) + "'")
                    + "; pass --format edn|jepsen-log|porcupine-kv|jsonl");
        }
        return sniffed;
    }

    private static HistoryFormat sniff(String line, boolean txt) {
        if (line.startsWith("[") || line.startsWith("(")) {
            return EDN;
        }
        if (line.startsWith("{:")) {
            // an EDN map per line: Porcupine's kv logs have a :key, Jepsen's own history.edn has none
            return line.contains(":key ") || txt ? PORCUPINE_KV : EDN;
        }
        if (line.matches("\\{\\s*\".*")) {
            return JSONL;
        }
        if (line.contains("jepsen.util -")) {
            return JEPSEN_LOG;
        }
        return null;
    }

    private static String firstMeaningfulLine(Path file) throws IOException {
        try (BufferedReader in = new BufferedReader(open(file))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith(";")) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Reads and validates a history; its source name, in error messages too, is {@code file} as given. */
    public History read(Path file) throws IOException, HistoryException {
        try (Reader in = open(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads and validates a history; {@code sourceName} is used in error messages. Does not close {@code in}. */
    public History read(Reader in, String sourceName) throws IOException, HistoryException {
        History history = switch (this) {
            case EDN -> EdnHistoryFormat.read(in, sourceName);
            case JEPSEN_LOG -> JepsenLogFormat.read(in, sourceName);
            case PORCUPINE_KV -> PorcupineKvFormat.read(in, sourceName);
            case JSONL -> JsonLinesFormat.read(in, sourceName);
        };
        return history.validate();
    }

    /**
     * Writes a history in this format, and flushes {@code out} without closing it.
     *
     * @throws IllegalArgumentException when the format cannot represent the history: porcupine-kv
     *     needs {@code [key value]} values, JSON Lines plain values (no characters or tagged values)
     */
    public void write(History history, Writer out) throws IOException {
        switch (this) {
            case EDN -> EdnHistoryFormat.write(history, out);
            case JEPSEN_LOG -> JepsenLogFormat.write(history, out);
            case PORCUPINE_KV -> PorcupineKvFormat.write(history, out);
            case JSONL -> JsonLinesFormat.write(history, out);
        }
        out.flush();
    }

    /**
     * Writes one event as a line of JSON Lines, keeping its index, for recorders that write a history
     * as it happens; a file of such lines reads back with {@link #JSONL}.
     */
    public static void writeJsonLine(io.faultline.checkers.history.Op op, Writer out) throws IOException {
        JsonLinesFormat.write(op, out);
        out.flush();
    }

    /**
     * How a history file is read: UTF-8, with undecodable bytes replaced rather than thrown, so that a
     * parser can say which line is bad. For a caller that wraps the reader, then {@link #read(Reader, String)}.
     */
    public static Reader open(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
    }

    /** At most 80 characters, control and undecodable ones escaped: a binary file's first "line" must not garble a terminal. */
    private static String shorten(String line) {
        String shown = line.length() <= 80 ? line : line.substring(0, 77) + "...";
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0xFFFD || !Character.isDefined(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
