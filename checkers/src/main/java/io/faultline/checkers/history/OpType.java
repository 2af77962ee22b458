package io.faultline.checkers.history;

import java.util.Locale;

/** Jepsen's four event types. */
public enum OpType {
    /** A client began an operation. */
    INVOKE,
    /** The operation took effect. */
    OK,
    /** The operation certainly did not take effect. */
    FAIL,
    /** Indeterminate: the operation may or may not have taken effect, at any time after its invocation. */
    INFO;

    /** The Jepsen keyword name: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a Jepsen type name, with or without its leading colon; null if it is not one. */
    public static OpType fromKeyword(String name) {
        String n = name.startsWith(":") ? name.substring(1) : name;
        switch (n) {
            case "invoke": return INVOKE;
            case "ok": return OK;
            case "fail": return FAIL;
            case "info": return INFO;
            default: return null;
        }
    }

    public boolean isCompletion() {
        return this != INVOKE;
    }
}
