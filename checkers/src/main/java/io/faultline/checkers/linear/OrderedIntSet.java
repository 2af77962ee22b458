package io.faultline.checkers.linear;

import java.util.Arrays;

/** Distinct ints in the order first added, without boxing: the states a search was blocked in. */
final class OrderedIntSet {
    private int[] order = new int[8];
    /** Open-addressing table of value + 1; 0 is an empty slot. Values are non-negative. */
    private int[] slots = new int[16];
    private int size;

    void add(int value) {
        int mask = slots.length - 1;
        for (int i = spread(value) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == value + 1) {
                return;
            }
            if (slots[i] == 0) {
                slots[i] = value + 1;
                break;
            }
        }
        if (size == order.length) {
            order = Arrays.copyOf(order, size * 2);
        }
        order[size++] = value;
        if (size * 2 > slots.length) {
            rehash();
        }
    }

    /**
     * Empties the set. Only the slots in use are zeroed: a search clears it each time its frontier
     * moves, mostly when it holds a few states, and filling a table grown large cost more than adding.
     */
    void clear() {
        if (size * 8 < slots.length) {
            int mask = slots.length - 1;
            for (int k = 0; k < size; k++) {
                // Every value is present, so its probe passes any slot zeroed before it.
                int i = spread(order[k]) & mask;
                while (slots[i] != order[k] + 1) {
                    i = (i + 1) & mask;
                }
                slots[i] = 0;
            }
        } else if (size > 0) {
            Arrays.fill(slots, 0);
        }
        size = 0;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return order[i];
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int k = 0; k < size; k++) {
            int i = spread(order[k]) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = order[k] + 1;
        }
    }

    private static int spread(int value) {
        int x = value * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
