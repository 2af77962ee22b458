package io.faultline.checkers.linear;

import java.util.Arrays;

/**
 * Model states interned to dense ints, so that the search's memo tables compare ints rather than
 * states. Open addressing over the states' own hash codes: no boxed ids and no entry objects, and a
 * state whose hash its model keeps up to date (as the kv model's does) is interned in constant time.
 *
 * @param <S> the model's state type
 */
final class StateIds<S> {
    private Object[] states = new Object[16];
    private int[] hashes = new int[16];
    /** Open-addressing table of id + 1; 0 is an empty slot. */
    private int[] slots = new int[32];
    private int size;

    /** The id of {@code state}, a new one if no equal state was interned before. */
    int intern(S state) {
        int h = state.hashCode();
        int mask = slots.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return add(state, h, i);
            }
            int id = slot - 1;
            if (hashes[id] == h && states[id].equals(state)) {
                return id;
            }
        }
    }

    private int add(S state, int h, int slot) {
        int id = size++;
        if (id == states.length) {
            states = Arrays.copyOf(states, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        states[id] = state;
        hashes[id] = h;
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    S get(int id) {
        return (S) states[id];
    }

    int size() {
        return size;
    }

    /** Bytes held by the table itself, for the memory budget (the states are the model's). */
    long bytes() {
        return 12L * states.length + 4L * slots.length;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int i = spread(hashes[id]) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = id + 1;
        }
    }

    /** Hash codes such as a small Long's are dense; linear probing needs them scattered. */
    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
