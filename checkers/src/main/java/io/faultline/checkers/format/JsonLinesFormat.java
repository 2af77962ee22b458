package io.faultline.checkers.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Faultline's own history format: one JSON object per line,
 * {@code {"index":0,"time":123,"type":"invoke","process":3,"f":"read","value":null}}, with
 * {@code "error"} when there is one, {@code "process":"nemesis"} for the fault injector and no
 * {@code "time"} when none was recorded.
 *
 * <p>Values map to JSON naturally, with two choices a reader of the file should know: an EDN keyword
 * is the string {@code ":name"} (so a string value that looks like a keyword reads back as a
 * keyword), and sets and map keys, which JSON lacks, become arrays and strings.
 */
final class JsonLinesFormat {
    /** {@code :name}, as an EDN keyword is spelled; also what an op's {@code f} must be, without the colon. */
    private static final Pattern KEYWORD = Pattern.compile(":[A-Za-z*+!_?<>=-][\\w*+!?<>=.'-]*(?:/[\\w*+!?<>=.'-]+)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = "{\"index\":0,\"type\":\"invoke\",\"process\":3,\"f\":\"read\",\"value\":null}";

    private JsonLinesFormat() {
    }

    static History read(Reader reader, String source) throws IOException, HistoryException {
        return HistoryBuilder.readLines(reader, source, (line, lineNumber) -> op(parse(line, source, lineNumber), source, lineNumber));
    }

    private static JsonNode parse(String line, String source, int lineNumber) throws IOException, HistoryException {
        try (JsonParser parser = JSON.createParser(line)) {
            JsonNode node = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new HistoryException(source, lineNumber, "more than one JSON value on the line (the next starts at column "
                        + parser.currentTokenLocation().getColumnNr() + "); expected one object per line, such as " + EXAMPLE);
            }
            return node;
        } catch (JsonProcessingException e) {
            String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new HistoryException(source, lineNumber, "invalid JSON" + column + ": " + e.getOriginalMessage()
                    + "; expected one object per line, such as " + EXAMPLE, e);
        }
    }

    /** {@code "index"} is not kept: a {@code History} numbers its events by position. */
    private static Op op(JsonNode node, String source, int line) throws HistoryException {
        if (!node.isObject()) {
            throw new HistoryException(source, line, "expected an object such as " + EXAMPLE + "; found " + describe(node));
        }
        JsonNode type = node.path("type");
        OpType opType = type.isTextual() ? OpType.fromKeyword(type.textValue()) : null;
        if (opType == null) {
            throw problem(node, "type", "expected one of \"invoke\", \"ok\", \"fail\", \"info\"", source, line);
        }
        JsonNode time = node.path("time");
        if (!time.isMissingNode() && !(time.isIntegralNumber() && time.canConvertToLong())) {
            throw problem(node, "time", "expected nanoseconds as an integer, or no \"time\"", source, line);
        }
        return new Op(-1, process(node, source, line), opType, f(node, source, line), value(node.path("value")),
                time.isMissingNode() ? Op.NO_TIME : time.longValue(), value(node.path("error")));
    }

    private static int process(JsonNode node, String source, int line) throws HistoryException {
        JsonNode process = node.path("process");
        if (process.isTextual() && process.textValue().equals("nemesis")) {
            return Op.NEMESIS;
        }
        if (process.isIntegralNumber() && process.canConvertToInt() && process.intValue() >= 0) {
            return process.intValue();
        }
        throw problem(node, "process", "expected a non-negative integer, or \"nemesis\" for the fault injector", source, line);
    }

    private static String f(JsonNode node, String source, int line) throws HistoryException {
        JsonNode f = node.path("f");
        if (f.isTextual() && KEYWORD.matcher(":" + f.textValue()).matches()) {
            return f.textValue();
        }
        throw problem(node, "f", "expected the operation's name, such as \"read\"", source, line);
    }

    private static HistoryException problem(JsonNode node, String field, String expected, String source, int line) {
        String found = node.has(field) ? "is " + describe(node.get(field)) : "is missing";
        return new HistoryException(source, line, "\"" + field + "\" " + found + "; " + expected);
    }

    private static Object value(JsonNode node) {
        switch (node.getNodeType()) {
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                if (!node.isIntegralNumber()) {
                    return node.doubleValue();
                }
                return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
            case STRING:
                return keywordOrString(node.textValue());
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(value(element));
                }
                return Collections.unmodifiableList(list);
            case OBJECT:
                Map<Object, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    map.put(keywordOrString(field.getKey()), value(field.getValue()));
                }
                return Collections.unmodifiableMap(map);
            default: // null, or absent
                return null;
        }
    }

    private static Object keywordOrString(String s) {
        return KEYWORD.matcher(s).matches() ? Keyword.of(s) : s;
    }

    /**
     * One line per op, fields in a fixed order.
     *
     * @throws IllegalArgumentException when a value is of a type JSON cannot carry (e.g. a character)
     */
    static void write(History history, Writer out) throws IOException {
        for (Op op : history.ops()) {
            write(op, out);
        }
    }

    /** One op as one line, keeping its index. */
    static void write(Op op, Writer out) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", op.index());
        if (op.hasTime()) {
            json.put("time", op.time());
        }
        json.put("type", op.type().keyword());
        json.put("process", op.isNemesis() ? "nemesis" : op.process());
        json.put("f", op.f());
        json.put("value", toJson(op.value(), op));
        if (op.error() != null) {
            json.put("error", toJson(op.error(), op));
        }
        out.write(JSON.writeValueAsString(json));
        out.write('\n');
    }

    private static Object toJson(Object value, Op op) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Keyword k) {
            return k.toString();
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            for (Object element : c) {
                list.add(toJson(element, op));
            }
            return list;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                map.put(String.valueOf(toJson(e.getKey(), op)), toJson(e.getValue(), op));
            }
            return map;
        }
        throw new IllegalArgumentException("JSON Lines cannot carry the " + value.getClass().getSimpleName() + " " + value
                + " in event " + op.index() + " (" + op + "); write this history as edn instead");
    }

    private static String describe(JsonNode node) {
        String json = node.toString();
        return json.length() <= 60 ? json : json.substring(0, 57) + "...";
    }
}
