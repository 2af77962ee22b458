package io.faultline.checkers.format;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;

/** The history formats Faultline reads and writes. (Interface agreed; implementation in progress.) */
public enum HistoryFormat {
    /** Jepsen's {@code history.edn}: a vector or list of op maps. */
    EDN("edn"),
    /** Jepsen console log lines: {@code INFO  jepsen.util - 3	:invoke	:read	nil}. */
    JEPSEN_LOG("jepsen-log"),
    /** Porcupine's kv test logs: one EDN map per line with {@code :key}. */
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

    /** Guesses the format of a file from its name and first bytes. */
    public static HistoryFormat detect(Path file) throws IOException {
        throw new UnsupportedOperationException("in progress");
    }

    /** Reads and validates a history. */
    public History read(Path file) throws IOException, HistoryException {
        throw new UnsupportedOperationException("in progress");
    }

    /** Reads and validates a history; {@code sourceName} is used in error messages. */
    public History read(Reader in, String sourceName) throws IOException, HistoryException {
        throw new UnsupportedOperationException("in progress");
    }

    /** Writes a history in this format. */
    public void write(History history, Writer out) throws IOException {
        throw new UnsupportedOperationException("in progress");
    }
}
