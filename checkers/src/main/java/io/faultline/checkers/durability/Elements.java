package io.faultline.checkers.durability;

import io.faultline.checkers.history.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/** Set elements as the checker compares and reports them. */
final class Elements {
    private static final int SHOWN = 10;

    private Elements() {
    }

    /**
     * The element as the checker compares it: integral numbers as Long, since a hand-built history
     * may add {@code Integer 1} and read {@code Long 1}, which {@code equals} tells apart.
     */
    static Object canonical(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(canonical(x)));
            return out;
        }
        return v;
    }

    /** The elements sorted when they are all of one comparable class; otherwise as given. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object> sorted(Collection<?> elements) {
        List<Object> out = new ArrayList<>(elements);
        Class<?> kind = out.isEmpty() || out.get(0) == null ? null : out.get(0).getClass();
        boolean sortable = kind != null && Comparable.class.isAssignableFrom(kind);
        for (Object x : out) {
            sortable &= x != null && x.getClass() == kind;
        }
        if (sortable) {
            out.sort((a, b) -> ((Comparable) a).compareTo(b));
        }
        return out;
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
