package io.faultline.checkers.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The {@link KeyValue} model's state: an immutable map from key to string, without the keys that
 * hold "". A step copies two short arrays (a partition holds one key) and appends to a {@link Rope};
 * the hash is kept up to date as it goes, so the checker interns states in constant time instead of
 * rehashing every string of a fresh map per step.
 *
 * <p>It is an ordinary {@link Map} to everyone else: {@code equals} and {@code hashCode} follow the
 * Map contract, values are materialized as strings when asked for, and iteration is in insertion
 * order as a {@link java.util.LinkedHashMap}'s was.
 */
final class KeyValueState extends AbstractMap<Object, String> {
    static final KeyValueState EMPTY = new KeyValueState(new Object[0], new Rope[0], 0);

    private final Object[] keys;
    private final Rope[] values;
    /** Σ key.hashCode() ^ value.hashCode(), as {@link Map#hashCode()} defines it. */
    private final int hash;

    private KeyValueState(Object[] keys, Rope[] values, int hash) {
        this.keys = keys;
        this.values = values;
        this.hash = hash;
    }

    /** {@code state} itself when it is one, else a copy with canonical keys. */
    static KeyValueState of(Map<Object, String> state) {
        if (state instanceof KeyValueState s) {
            return s;
        }
        KeyValueState s = EMPTY;
        for (Map.Entry<Object, String> e : state.entrySet()) {
            s = s.with(Canonical.of(e.getKey()), Rope.of(e.getValue()));
        }
        return s;
    }

    /** The rope {@code key} holds: {@link Rope#EMPTY} when it was never written. */
    Rope rope(Object key) {
        int i = indexOf(key);
        return i < 0 ? Rope.EMPTY : values[i];
    }

    /** This state with {@code key} holding {@code value}; this very state when it already does. */
    KeyValueState with(Object key, Rope value) {
        int i = indexOf(key);
        if (i < 0) {
            if (value.isEmpty()) {
                return this;
            }
            Object[] k = Arrays.copyOf(keys, keys.length + 1);
            Rope[] v = Arrays.copyOf(values, values.length + 1);
            k[keys.length] = key;
            v[values.length] = value;
            return new KeyValueState(k, v, hash + entryHash(key, value));
        }
        if (values[i].contentEquals(value)) {
            return this;
        }
        int rest = hash - entryHash(key, values[i]);
        if (value.isEmpty()) {
            Object[] k = new Object[keys.length - 1];
            Rope[] v = new Rope[values.length - 1];
            System.arraycopy(keys, 0, k, 0, i);
            System.arraycopy(keys, i + 1, k, i, keys.length - i - 1);
            System.arraycopy(values, 0, v, 0, i);
            System.arraycopy(values, i + 1, v, i, values.length - i - 1);
            return new KeyValueState(k, v, rest);
        }
        Rope[] v = values.clone();
        v[i] = value;
        return new KeyValueState(keys, v, rest + entryHash(key, value));
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static int entryHash(Object key, Rope value) {
        return key.hashCode() ^ value.hashCode();
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i].toString();
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof KeyValueState other)) {
            return super.equals(o);
        }
        if (other.hash != hash || other.keys.length != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            int j = other.indexOf(keys[i]);
            if (j < 0 || !values[i].contentEquals(other.values[j])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Set<Map.Entry<Object, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<Object, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i].toString());
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
