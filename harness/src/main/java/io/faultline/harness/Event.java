package io.faultline.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code events.jsonl}: something that happened at {@code time} nanoseconds after the run
 * began. Types the harness writes: {@code phase}, {@code node-start}, {@code node-ready},
 * {@code node-kill}, {@code node-pause}, {@code node-resume}, {@code node-exit}, {@code fault-start},
 * {@code fault-end}, and, from detection probes, {@code suspect} / {@code trust}.
 *
 * @param time nanoseconds on the run's clock
 * @param type what happened
 * @param fields the rest, written as JSON members in this order
 */
public record Event(long time, String type, Map<String, Object> fields) {

    public Event {
        Objects.requireNonNull(type, "type");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Event of(long time, String type, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            f.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Event(time, type, f);
    }
}
