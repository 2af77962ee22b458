package io.faultline.checkers.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import us.bpsm.edn.printer.Printers;

/** Conversions between Faultline's plain-Java op values and EDN. */
public final class Values {
    private Values() {
    }

    /** The EDN text of a value, as Jepsen would print it. */
    public static String toEdn(Object value) {
        return Printers.printString(Printers.defaultPrinterProtocol(), toEdnObject(value));
    }

    /** A value as edn-java's printer expects it. */
    static Object toEdnObject(Object v) {
        if (v instanceof Keyword k) {
            return us.bpsm.edn.Keyword.newKeyword(k.name());
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(toEdnObject(o));
            }
            return out;
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(toEdnObject(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(toEdnObject(k), toEdnObject(val)));
            return out;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    /** An edn-java value as a plain-Java op value: keywords become {@link Keyword}, symbols strings. */
    public static Object fromEdnObject(Object v) {
        if (v instanceof us.bpsm.edn.Keyword k) {
            return new Keyword(k.getPrefix() == null || k.getPrefix().isEmpty() ? k.getName() : k.getPrefix() + "/" + k.getName());
        }
        if (v instanceof us.bpsm.edn.Symbol s) {
            return s.toString();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(fromEdnObject(o));
            }
            return nullSafe(out);
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(fromEdnObject(o));
            }
            return java.util.Collections.unmodifiableSet(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(fromEdnObject(k), fromEdnObject(val)));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        return v;
    }

    private static List<Object> nullSafe(List<Object> l) {
        // List.copyOf rejects nulls, and EDN vectors such as [:read :x nil] hold them.
        return l.contains(null) ? java.util.Collections.unmodifiableList(l) : List.copyOf(l);
    }

    /**
     * A value in the one form histories keep: every integral number a {@link Long} (a
     * {@link BigInteger} only beyond 64 bits), inside collections too, which become unmodifiable and
     * keep their order. {@code Integer 1} and {@code Long 1} are not {@code equals}, yet hand-built
     * histories use the first and every reader gives the second.
     */
    public static Object canonical(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(canonical(x)));
            return java.util.Collections.unmodifiableList(out);
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            s.forEach(x -> out.add(canonical(x)));
            return java.util.Collections.unmodifiableSet(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(canonical(k), canonical(x)));
            return java.util.Collections.unmodifiableMap(out);
        }
        return v;
    }

    /** The values sorted when they are all of one comparable class, so that reports read well; otherwise as given. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<Object> sorted(java.util.Collection<?> values) {
        List<Object> out = new ArrayList<>(values);
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

    /** Numeric equality across Long / Integer / BigInteger, plain equality otherwise. */
    public static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Long x && b instanceof Long y) {
            // the common case, and a model's step asks it per configuration: no BigInteger detour
            return x.longValue() == y.longValue();
        }
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return new BigInteger(x.toString()).equals(new BigInteger(y.toString()));
        }
        return a.equals(b);
    }
}
