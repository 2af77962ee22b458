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
 */
final class ConfigurationCache {
    private static final long ENTRY_OVERHEAD = 96;
    private static final long[][] NO_CRASH_SETS = new long[0][];

    private final Budget budget;
    private long[] hashes = new long[1 << 10];
    private int[] states = new int[1 << 10];
    private long[][] determinate = new long[1 << 10][];
    private Object[] indeterminate = new Object[1 << 10];
    private int size;
    private long bytes;

    ConfigurationCache(Budget budget) {
        this.budget = budget;
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
        int mask = hashes.length - 1;
        int i = (int) h & mask;
        while (determinate[i] != null) {
            if (hashes[i] == h && states[i] == state && Arrays.equals(determinate[i], det)) {
                return addCrashSet(i, crashed);
            }
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        states[i] = state;
        determinate[i] = det.clone();
        indeterminate[i] = crashed.length == 0 ? NO_CRASH_SETS : singleton(crashed.clone());
        charge(ENTRY_OVERHEAD + 8L * det.length + 8L * crashed.length);
        if (++size * 2 > hashes.length) {
            grow();
        }
        return true;
    }

    private boolean addCrashSet(int slot, long[] crashed) {
        if (crashed.length == 0) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<long[]> seen = (List<long[]>) indeterminate[slot];
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

    /** Returns the memory this table held to the shared budget. */
    void release() {
        budget.release(bytes);
        bytes = 0;
        hashes = null;
        states = null;
        determinate = null;
        indeterminate = null;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStates = states;
        long[][] oldDet = determinate;
        Object[] oldInd = indeterminate;
        int n = oldHashes.length * 2;
        charge(20L * (n - oldHashes.length));
        hashes = new long[n];
        states = new int[n];
        determinate = new long[n][];
        indeterminate = new Object[n];
        int mask = n - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldDet[j] != null) {
                int i = (int) oldHashes[j] & mask;
                while (determinate[i] != null) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                states[i] = oldStates[j];
                determinate[i] = oldDet[j];
                indeterminate[i] = oldInd[j];
            }
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
