package io.faultline.checkers.model;

import io.faultline.checkers.history.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Values as models keep them in states. The checker interns states by {@code equals} and
 * {@code hashCode}, under which {@code Integer 1} and {@code Long 1} differ although a history may
 * use either (EDN and JSON readers give Long, hand-built histories often Integer); so every integral
 * number is kept as a Long, inside collections too. Collections become unmodifiable copies in
 * insertion order: {@code Set.copyOf} and {@code Map.copyOf} iterate in an order that changes from
 * one JVM to the next, which would make reports differ between runs.
 */
final class Canonical {
    private Canonical() {
    }

    static Object of(Object v) {
        return Values.canonical(v);
    }

    /** The distinct canonical elements of a collection, in encounter order. */
    static Set<Object> setOf(Collection<?> elements) {
        Set<Object> out = new LinkedHashSet<>();
        elements.forEach(x -> out.add(of(x)));
        return Collections.unmodifiableSet(out);
    }

    /**
     * A state's value as EDN for a report: set elements and map keys sorted, collection items
     * separated by spaces (edn-java's compact printer runs strings together: {@code ["a""b"]}).
     */
    static String edn(Object v) {
        if (v instanceof List<?> l) {
            return join("[", l, "]");
        }
        if (v instanceof Set<?> s) {
            return join("#{", sorted(s), "}");
        }
        if (v instanceof Map<?, ?> m) {
            List<Object> entries = new ArrayList<>();
            sorted(m.keySet()).forEach(k -> {
                entries.add(k);
                entries.add(m.get(k));
            });
            return join("{", entries, "}");
        }
        return Values.toEdn(v);
    }

    private static String join(String open, Collection<?> items, String close) {
        StringJoiner out = new StringJoiner(" ", open, close);
        items.forEach(x -> out.add(edn(x)));
        return out.toString();
    }

    /** The elements sorted when they are all of one comparable class, so reports read well. */
    static List<Object> sorted(Collection<?> elements) {
        return Values.sorted(elements);
    }
}
