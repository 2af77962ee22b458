package io.faultline.checkers.linear;

import java.util.Arrays;

/**
 * Memoised model steps: (state id, operation) to the id of the state after it, or "illegal". An
 * open-addressing table of longs, because a search asks millions of times and boxing would dominate.
 */
final class TransitionTable {
    static final int UNKNOWN = -2;
    static final int ILLEGAL = -1;
    private static final long EMPTY = -1L;

    private long[] keys = new long[1 << 8];
    private int[] values = new int[1 << 8];
    private int size;

    TransitionTable() {
        Arrays.fill(keys, EMPTY);
    }

    /** The remembered successor, {@link #ILLEGAL}, or {@link #UNKNOWN} if never computed. */
    int get(int state, int op) {
        long key = key(state, op);
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return UNKNOWN;
            }
        }
    }

    void put(int state, int op, int successor) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key(state, op), successor);
        size++;
    }

    /** Bytes held, for the memory budget. */
    long bytes() {
        return 12L * keys.length;
    }

    private void insert(long key, int value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static long key(int state, int op) {
        return ((long) state << 32) | (op & 0xFFFFFFFFL);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
