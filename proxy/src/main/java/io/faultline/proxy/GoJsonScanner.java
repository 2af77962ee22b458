package io.faultline.proxy;

/**
 * Finds where the first JSON value of a request body ends, failing the way Go's
 * {@code json.Decoder} does and with its messages ("EOF", "unexpected EOF",
 * "invalid character 'x' looking for beginning of value", ...). Bytes after that value are
 * ignored, as Toxiproxy ignores them. Clients and tests match on these texts, which is why this
 * scanner exists next to Jackson.
 */
final class GoJsonScanner {
    /** A body Go would reject, with Go's message. */
    static final class SyntaxError extends Exception {
        SyntaxError(String goMessage) {
            super(goMessage, null, false, false);
        }
    }

    /** Keeps the recursion within any thread's stack (and under Jackson's limit); Go allows 10000. */
    private static final int MAX_DEPTH = 500;

    private final byte[] b;
    private int i;

    private GoJsonScanner(byte[] body) {
        this.b = body;
    }

    /** The offset just past the first value in {@code body}. */
    static int endOfFirstValue(byte[] body) throws SyntaxError {
        GoJsonScanner scanner = new GoJsonScanner(body);
        scanner.skipSpace();
        if (scanner.i == body.length) {
            throw new SyntaxError("EOF");
        }
        scanner.value(0);
        return scanner.i;
    }

    private void value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError("exceeded max depth");
        }
        skipSpace();
        byte c = current();
        switch (c) {
            case '{':
                object(depth);
                break;
            case '[':
                array(depth);
                break;
            case '"':
                string();
                break;
            case 't':
                literal("true");
                break;
            case 'f':
                literal("false");
                break;
            case 'n':
                literal("null");
                break;
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    number();
                } else {
                    throw invalid(c, "looking for beginning of value");
                }
        }
    }

    private void object(int depth) throws SyntaxError {
        i++;
        skipSpace();
        if (current() == '}') {
            i++;
            return;
        }
        while (true) {
            if (current() != '"') {
                throw invalid(current(), "looking for beginning of object key string");
            }
            string();
            skipSpace();
            if (current() != ':') {
                throw invalid(current(), "after object key");
            }
            i++;
            value(depth + 1);
            skipSpace();
            byte c = current();
            i++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw invalid(c, "after object key:value pair");
            }
            skipSpace();
        }
    }

    private void array(int depth) throws SyntaxError {
        i++;
        skipSpace();
        if (current() == ']') {
            i++;
            return;
        }
        while (true) {
            value(depth + 1);
            skipSpace();
            byte c = current();
            i++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw invalid(c, "after array element");
            }
        }
    }

    private void string() throws SyntaxError {
        i++;
        while (true) {
            byte c = current();
            i++;
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                byte e = current();
                i++;
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        byte h = current();
                        if (Character.digit(h, 16) < 0) {
                            throw invalid(h, "in \\u hexadecimal character escape");
                        }
                        i++;
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw invalid(e, "in string escape code");
                }
            } else if ((c & 0xff) < 0x20) {
                throw invalid(c, "in string literal");
            }
        }
    }

    private void number() throws SyntaxError {
        if (b[i] == '-') {
            i++;
            if (!isDigit(current())) {
                throw invalid(current(), "in numeric literal");
            }
        }
        if (b[i] == '0') {
            i++;
        } else {
            digits();
        }
        if (i < b.length && b[i] == '.') {
            i++;
            if (!isDigit(current())) {
                throw invalid(current(), "after decimal point in numeric literal");
            }
            digits();
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (current() == '+' || current() == '-') {
                i++;
            }
            if (!isDigit(current())) {
                throw invalid(current(), "in exponent of numeric literal");
            }
            digits();
        }
    }

    private void digits() {
        while (i < b.length && isDigit(b[i])) {
            i++;
        }
    }

    private void literal(String word) throws SyntaxError {
        i++;
        for (int k = 1; k < word.length(); k++) {
            byte c = current();
            if (c != word.charAt(k)) {
                throw invalid(c, "in literal " + word + " (expecting " + quoteChar((byte) word.charAt(k)) + ")");
            }
            i++;
        }
    }

    private void skipSpace() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
    }

    /** The byte at the cursor; running out inside a value is Go's "unexpected EOF". */
    private byte current() throws SyntaxError {
        if (i >= b.length) {
            throw new SyntaxError("unexpected EOF");
        }
        return b[i];
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static SyntaxError invalid(byte c, String context) {
        return new SyntaxError("invalid character " + quoteChar(c) + " " + context);
    }

    /** Go's quoteChar: the byte as a rune in single quotes, escaped the way strconv.Quote does. */
    static String quoteChar(byte c) {
        int r = c & 0xff;
        if (r == '\'') {
            return "'\\''";
        }
        if (r == '"') {
            return "'\"'";
        }
        String s;
        switch (r) {
            case 7: s = "\\a"; break;
            case 8: s = "\\b"; break;
            case 9: s = "\\t"; break;
            case 10: s = "\\n"; break;
            case 11: s = "\\v"; break;
            case 12: s = "\\f"; break;
            case 13: s = "\\r"; break;
            case '\\': s = "\\\\"; break;
            default:
                if (r < 0x20 || r == 0x7f) {
                    s = String.format("\\x%02x", r);
                } else if (r >= 0x80 && r < 0xa0 || r == 0xad) {
                    s = String.format("\\u%04x", r);
                } else {
                    s = String.valueOf((char) r);
                }
        }
        return "'" + s + "'";
    }
}
