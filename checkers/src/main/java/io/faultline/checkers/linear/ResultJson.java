package io.faultline.checkers.linear;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A linearizability result as JSON: one line per checked file for {@code faultline check}, and the
 * {@code linearizability.json} of a run directory, which reports draw. Operations are rendered as Jepsen prints them, with keywords as
 * {@code ":name"} strings, so that a line can be read next to the history it came from.
 */
public final class ResultJson {
    private final ObjectMapper mapper;

    public ResultJson() {
        SimpleModule keywords = new SimpleModule("keywords");
        keywords.addSerializer(Keyword.class, ToStringSerializer.instance);
        keywords.addKeySerializer(Keyword.class, new JsonSerializer<>() {
            @Override
            public void serialize(Keyword k, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeFieldName(k.toString());
            }
        });
        mapper = new ObjectMapper().registerModule(keywords);
    }

    /** {@code file}, {@code valid}, {@code model}, {@code ops}, {@code millis}, and {@code reason} or {@code counterexample}. */
    public String line(String file, LinearizabilityResult result) {
        try {
            return mapper.writeValueAsString(tree(file, result));
        } catch (JsonProcessingException e) {
            // Values are plain Java collections, numbers, strings and keywords; all of them serialize.
            throw new UncheckedIOException(e);
        }
    }

    /** The same object, indented, for a file people read. */
    public String pretty(String file, LinearizabilityResult result) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree(file, result)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode tree(String file, LinearizabilityResult result) {
        ObjectNode json = mapper.createObjectNode();
        json.put("file", file);
        json.putPOJO("valid", result.verdict().jepsenValid());
        json.put("model", result.model());
        json.put("ops", result.operations());
        json.put("millis", result.elapsed().toMillis());
        if (result.reason() != null) {
            json.put("reason", result.reason());
        }
        if (result.counterexample() != null) {
            json.set("counterexample", counterexample(result.counterexample()));
        }
        return json;
    }

    private ObjectNode counterexample(Counterexample c) {
        ObjectNode json = mapper.createObjectNode();
        json.set("op", op(c.op()));
        if (c.partition() != null) {
            json.put("partition", c.partition());
        }
        ArrayNode prefixes = json.putArray("longestPrefixes");
        for (List<Counterexample.Step> prefix : c.longestPrefixes()) {
            ArrayNode steps = prefixes.addArray();
            for (Counterexample.Step step : prefix) {
                steps.addObject().<ObjectNode>set("op", op(step.op())).put("state", step.stateAfter());
            }
        }
        ArrayNode states = json.putArray("possibleStates");
        c.possibleStates().forEach(states::add);
        ObjectNode previous = json.putObject("previousOk");
        // sorted by process, so that the same history always prints the same line
        for (Map.Entry<Integer, Operation> e : new TreeMap<>(c.previousOk()).entrySet()) {
            previous.set(Integer.toString(e.getKey()), op(e.getValue()));
        }
        return json;
    }

    /**
     * An operation as Jepsen's checkers report one: its completion (or its invocation, if it never
     * completed) with the value the model saw.
     */
    private ObjectNode op(Operation operation) {
        Op event = operation.completion() != null ? operation.completion() : operation.invocation();
        ObjectNode json = mapper.createObjectNode();
        json.put("process", operation.process());
        json.put("type", ":" + operation.type().keyword());
        json.put("f", ":" + operation.f());
        json.putPOJO("value", operation.value());
        json.put("index", event.index());
        if (event.hasTime()) {
            json.put("time", event.time());
        }
        return json;
    }
}
