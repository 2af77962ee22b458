package io.faultline.checkers.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memo table of the search: which configurations (set of linearized operations, model state)
 * were already explored. Lowe's refinement of Wing & Gong: revisiting a configuration cannot
 * succeed where the first visit failed.
 *
 * <p>Indeterminate operations get a stronger rule. They need never be linearized, so from the same
 * determinate set and state, having linearized <em>more</em> indeterminate operations leaves strictly
 * fewer choices. A configuration is therefore skipped when one was seen with the same determinate
 * set and state and a <em>subset</em> of its indeterminate operations. This subsumption is what keeps
 * histories full of timed-out writes, like Jepsen's etcd runs, from exploding.
 *
 * <p>Entries live in flat arrays, the determinate bitsets side by side in one {@code long[]}, so that
 * a configuration costs no object of its own: a search keeps hundreds of thousands of them.
 */
final class ConfigurationCache {
    private final Budget budget;
    /** Words of a determinate bitset; every entry's is the same length. */
    private final int words;
    /** Open-addressing table of entry + 1; 0 is an empty slot. */
    private int[] slots = new int[1 << 10];
    private long[] hashes = new long[1 << 9];
    private int[] states = new int[1 << 9];
    /** Entry e's determinate bitset is {@code words} longs from {@code e * words}. */
    private long[] bitsets;
    /** Per entry, the indeterminate sets seen with it (a {@code List<long[]>}), or null if none. */
    private Object[] crashSets;
    private int size;
    private long bytes;

    ConfigurationCache(Budget budget, int words, boolean withCrashSets) {
        this.budget = budget;
        this.words = words;
        reserve(4L * slots.length + (12L + 8L * words + (withCrashSets ? 4 : 0)) * hashes.length);
        this.bitsets = new long[Math.max(1, words) << 9];
        this.crashSets = withCrashSets ? new Object[1 << 9] : null;
    }

    int size() {
        return size;
    }

    /**
     * Adds the configuration unless one already seen subsumes it.
     *
     * @return true if it is new and worth exploring
     */
    boolean add(long[] det, long detHash, int state, long[] crashed) {
        long h = mix(detHash, state);
        int mask = slots.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                insert(i, h, det, state, crashed);
                return true;
            }
            int e = slot - 1;
            if (hashes[e] == h && states[e] == state && sameBitset(e, det)) {
                return addCrashSet(e, crashed);
            }
        }
    }

    private boolean sameBitset(int e, long[] det) {
        int at = e * words;
        for (int w = 0; w < words; w++) {
            if (bitsets[at + w] != det[w]) {
                return false;
            }
        }
        return true;
    }

    private void insert(int slot, long h, long[] det, int state, long[] crashed) {
        if (size == hashes.length) {
            growEntries();
        }
        int e = size++;
        hashes[e] = h;
        states[e] = state;
        System.arraycopy(det, 0, bitsets, e * words, words);
        if (crashed.length > 0) {
            crashSets[e] = singleton(crashed.clone());
            charge(48 + 8L * crashed.length);
        }
        slots[slot] = e + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
    }

    private boolean addCrashSet(int e, long[] crashed) {
        if (crashed.length == 0) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<long[]> seen = (List<long[]>) crashSets[e];
        for (long[] s : seen) {
            if (isSubset(s, crashed)) {
                return false;
            }
        }
        // The new set subsumes any superset of it seen before: drop those to keep the list short.
        seen.removeIf(s -> isSubset(crashed, s));
        seen.add(crashed.clone());
        charge(32 + 8L * crashed.length);
        return true;
    }

    private static List<long[]> singleton(long[] set) {
        List<long[]> l = new ArrayList<>(2);
        l.add(set);
        return l;
    }

    private static boolean isSubset(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & ~b[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    private void charge(long n) {
        bytes += n;
        budget.charge(n);
    }

    /**
     * Charges {@code n} bytes about to be allocated, and refuses them when the budget is spent. A
     * table's growth allocates its new arrays while the old ones are still held: on a history of
     * millions of operations, whose bitsets are tens of kilobytes each, one growth near the end of the
     * heap is seconds of full collections before an OutOfMemoryError — time the search never got to
     * check against its deadline (RELIABILITY.md: 48.8 s against a 20 s limit). So the budget is
     * asked first.
     *
     * @throws Budget.Exhausted when the time or memory budget is spent; nothing was allocated
     */
    private void reserve(long n) {
        charge(n);
        if (budget.exceeded()) {
            throw new Budget.Exhausted(budget.reason());
        }
    }

    /** Returns the memory this table held to the shared budget. */
    void release() {
        budget.release(bytes);
        bytes = 0;
        slots = null;
        hashes = null;
        states = null;
        bitsets = null;
        crashSets = null;
    }

    private void growEntries() {
        int n = hashes.length * 2;
        // old and new arrays are both live while they are copied
        reserve((12L + 8L * words + (crashSets == null ? 0 : 4)) * (long) n);
        charge(-(12L + 8L * words + (crashSets == null ? 0 : 4)) * (long) hashes.length);
        hashes = Arrays.copyOf(hashes, n);
        states = Arrays.copyOf(states, n);
        bitsets = Arrays.copyOf(bitsets, Math.max(1, words) * n);
        if (crashSets != null) {
            crashSets = Arrays.copyOf(crashSets, n);
        }
    }

    private void rehash() {
        reserve(8L * slots.length);
        charge(-4L * slots.length);
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int e = 0; e < size; e++) {
            int i = (int) hashes[e] & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = e + 1;
        }
    }

    private static long mix(long hash, int state) {
        long h = hash ^ (state * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
