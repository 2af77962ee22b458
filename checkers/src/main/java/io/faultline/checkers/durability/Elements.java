package io.faultline.checkers.durability;

import io.faultline.checkers.history.Values;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/** Set elements as the checker compares and reports them. */
final class Elements {
    private static final int SHOWN = 10;

    private Elements() {
    }

    /** The element as the checker compares it: see {@link Values#canonical}. */
    static Object canonical(Object v) {
        return Values.canonical(v);
    }

    static List<Object> sorted(Collection<?> elements) {
        return Values.sorted(elements);
    }

    /** The first few elements as EDN, for a one-line summary: {@code [3 7 12 …+40]}. */
    static String sample(List<Object> elements) {
        StringJoiner out = new StringJoiner(" ", "[", "]");
        elements.stream().limit(SHOWN).forEach(x -> out.add(Values.toEdn(x)));
        if (elements.size() > SHOWN) {
            out.add("…+" + (elements.size() - SHOWN));
        }
        return out.toString();
    }
}
