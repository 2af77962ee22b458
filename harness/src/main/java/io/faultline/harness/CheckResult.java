package io.faultline.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.checkers.linear.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Checker} concluded about a run: a verdict, one line a reader can act on, details for
 * the run directory and the report, and, for a composed checker, what each part concluded.
 *
 * @param name the checker's name, e.g. {@code stats}; a file {@code <name>.json} may hold the JSON form
 * @param verdict VALID, INVALID, or UNKNOWN when the checker could not decide (or threw)
 * @param summary one line: what was found, and for a failure what to do about it
 * @param details anything else worth keeping, written as JSON members (Jackson maps records, lists, maps)
 * @param parts what each checker of a composed one found, in order; empty for a single checker
 */
public record CheckResult(String name, Verdict verdict, String summary, Map<String, Object> details, List<CheckResult> parts) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(summary, "summary");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        parts = List.copyOf(parts);
    }

    public static CheckResult valid(String name, String summary, Map<String, Object> details) {
        return new CheckResult(name, Verdict.VALID, summary, details, List.of());
    }

    public static CheckResult invalid(String name, String summary, Map<String, Object> details) {
        return new CheckResult(name, Verdict.INVALID, summary, details, List.of());
    }

    public static CheckResult unknown(String name, String summary) {
        return new CheckResult(name, Verdict.UNKNOWN, summary, Map.of(), List.of());
    }

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }

    /** Every part (or this result itself, when it has none) whose verdict is not VALID, as {@code name: summary} lines. */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        if (parts.isEmpty()) {
            if (!isValid()) {
                lines.add(name + ": " + summary);
            }
        } else {
            parts.forEach(p -> lines.addAll(p.problems()));
        }
        return lines;
    }

    /** The JSON form, as written to the run directory: {@code name}, {@code valid} (true, false or "unknown"), {@code summary}, the details, the parts. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(jsonTree()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the details of check " + name + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> jsonTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", name);
        tree.put("valid", verdict.jepsenValid());
        tree.put("summary", summary);
        tree.putAll(details);
        if (!parts.isEmpty()) {
            List<Object> each = new ArrayList<>();
            parts.forEach(p -> each.add(p.jsonTree()));
            tree.put("parts", each);
        }
        return tree;
    }
}
