package io.faultline.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's history as the report draws it: each event's process, outcome, function, time and value
 * as text. {@code history.jsonl} is read with Jackson's streaming parser and no tree per line (five
 * times faster than reading it as a checkers {@code History}, which a report has no need to validate
 * op by op); {@code history.edn}, when it is all there is, through the checkers' EDN format.
 */
final class HistoryLines {
    static final byte INVOKE = 0;
    static final byte OK = 1;
    static final byte FAIL = 2;
    static final byte INFO = 3;
    private static final JsonFactory FACTORY = new JsonFactory();

    /** One history event; {@code process} is {@link Op#NEMESIS} for the fault injector, {@code time} {@link Op#NO_TIME} if none. */
    record Event(int index, int process, byte type, String f, String value, long time) {
    }

    private HistoryLines() {
    }

    static List<Event> read(Path directory) throws IOException {
        Path jsonl = directory.resolve("history.jsonl");
        if (Files.isRegularFile(jsonl)) {
            return jsonl(jsonl);
        }
        Path edn = directory.resolve("history.edn");
        if (!Files.isRegularFile(edn)) {
            return List.of();
        }
        try {
            List<Event> events = new ArrayList<>();
            for (Op op : HistoryFormat.EDN.read(edn).ops()) {
                events.add(new Event(op.index(), op.process(), type(op.type()), op.f(), Values.toEdn(op.value()), op.time()));
            }
            return events;
        } catch (HistoryException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static byte type(OpType type) {
        return switch (type) {
            case INVOKE -> INVOKE;
            case OK -> OK;
            case FAIL -> FAIL;
            default -> INFO;
        };
    }

    /**
     * One parser over the whole file, reading its objects one after another (JSON Lines are a
     * sequence of root values), rather than a parser per line.
     */
    private static List<Event> jsonl(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            for (JsonToken token = next(p, file, events); token != null; token = next(p, file, events)) {
                int line = p.currentTokenLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw problem(file, line, "not a JSON object", null);
                }
                try {
                    events.add(event(p, events.size()));
                } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
                    // A run killed mid-write leaves a torn last line; everything before it still counts.
                    if (events.isEmpty()) {
                        throw problem(file, line, e.getOriginalMessage(), e);
                    }
                    break;
                } catch (IOException | RuntimeException e) {
                    throw problem(file, line, e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                            ? j.getOriginalMessage() : e.getMessage(), e);
                }
            }
        }
        return events;
    }

    private static JsonToken next(JsonParser p, Path file, List<Event> events) throws IOException {
        try {
            return p.nextToken();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw problem(file, p.currentLocation().getLineNr(), e.getOriginalMessage(), e);
        }
    }

    private static IOException problem(Path file, int line, String what, Exception cause) {
        return new IOException(file + ":" + line + ": " + what + "; expected one JSON object per line, such as "
                + "{\"index\":0,\"time\":123,\"type\":\"invoke\",\"process\":3,\"f\":\"read\",\"value\":null}", cause);
    }

    /** The object the parser has just entered, to its end. */
    private static Event event(JsonParser p, int position) throws IOException {
        int index = position;
        int process = Integer.MIN_VALUE;
        byte type = -1;
        String f = null;
        String value = "nil";
        long time = Op.NO_TIME;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            switch (name) {
                case "index" -> index = p.getIntValue();
                case "time" -> time = p.getLongValue();
                case "process" -> process = token == JsonToken.VALUE_STRING && p.getText().equals("nemesis") ? Op.NEMESIS : p.getIntValue();
                case "f" -> f = p.getText();
                case "type" -> type = switch (p.getText()) {
                    case "invoke" -> INVOKE;
                    case "ok" -> OK;
                    case "fail" -> FAIL;
                    case "info" -> INFO;
                    default -> throw new IOException("\"type\" is \"" + p.getText() + "\"; expected invoke, ok, fail or info");
                };
                case "value" -> value = edn(p, token);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "the line ends inside its object");
        }
        if (type < 0 || f == null || process == Integer.MIN_VALUE) {
            throw new IOException("an event needs \"type\", \"process\" and \"f\"");
        }
        return new Event(index, process, type, f, value, time);
    }

    /** The value at the parser as EDN text, as Jepsen prints it: {@code nil}, {@code 3}, {@code [4 3]}, {@code "s"}, {@code :k}. */
    private static String edn(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NULL -> "nil";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            case VALUE_STRING -> p.getText().startsWith(":") ? p.getText() : "\"" + p.getText().replace("\"", "\\\"") + "\"";
            case START_ARRAY -> {
                StringBuilder out = new StringBuilder("[");
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    out.append(out.length() > 1 ? " " : "").append(edn(p, t));
                }
                yield out.append(']').toString();
            }
            case START_OBJECT -> {
                StringBuilder out = new StringBuilder("{");
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    out.append(out.length() > 1 ? ", " : "").append(name.startsWith(":") ? name : "\"" + name + "\"").append(' ')
                            .append(edn(p, p.nextToken()));
                }
                yield out.append('}').toString();
            }
            default -> throw new IOException("unexpected " + token + " in a value");
        };
    }
}
