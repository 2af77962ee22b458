package io.faultline.checkers.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of instants on the run's clock: sorted, disjoint, non-empty half-open intervals
 * {@code [from, to)} of nanoseconds. Immutable.
 */
final class Intervals {
    static final Intervals EMPTY = new Intervals(new long[0], new long[0]);

    private final long[] from;
    private final long[] to;

    private Intervals(long[] from, long[] to) {
        this.from = from;
        this.to = to;
    }

    /** Collects intervals in any order, overlapping or not, and merges them. */
    static final class Builder {
        private final List<long[]> spans = new ArrayList<>();

        Builder add(long from, long to) {
            if (from < to) {
                spans.add(new long[] {from, to});
            }
            return this;
        }

        Builder add(Intervals other) {
            for (int i = 0; i < other.size(); i++) {
                add(other.from[i], other.to[i]);
            }
            return this;
        }

        Intervals build() {
            spans.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] f = new long[spans.size()];
            long[] t = new long[spans.size()];
            int n = 0;
            for (long[] s : spans) {
                if (n > 0 && s[0] <= t[n - 1]) {
                    t[n - 1] = Math.max(t[n - 1], s[1]);
                } else {
                    f[n] = s[0];
                    t[n] = s[1];
                    n++;
                }
            }
            return n == 0 ? EMPTY : new Intervals(Arrays.copyOf(f, n), Arrays.copyOf(t, n));
        }
    }

    int size() {
        return from.length;
    }

    long from(int i) {
        return from[i];
    }

    long to(int i) {
        return to[i];
    }

    boolean contains(long t) {
        int i = indexAtOrBefore(t);
        return i >= 0 && t < to[i];
    }

    /** The end of the interval holding {@code t}, or {@code t} itself when no interval holds it. */
    long endOfSpanAt(long t) {
        int i = indexAtOrBefore(t);
        return i >= 0 && t < to[i] ? to[i] : t;
    }

    long length() {
        long sum = 0;
        for (int i = 0; i < size(); i++) {
            sum += to[i] - from[i];
        }
        return sum;
    }

    /** How much of {@code [a, b)} this set covers. */
    long lengthWithin(long a, long b) {
        return intersect(a, b).length();
    }

    Intervals intersect(long a, long b) {
        Builder out = new Builder();
        for (int i = 0; i < size() && from[i] < b; i++) {
            out.add(Math.max(a, from[i]), Math.min(b, to[i]));
        }
        return out.build();
    }

    /** {@code [a, b)} less this set. */
    Intervals complementWithin(long a, long b) {
        Builder out = new Builder();
        long cursor = a;
        for (int i = 0; i < size() && from[i] < b; i++) {
            out.add(cursor, Math.min(b, from[i]));
            cursor = Math.max(cursor, to[i]);
        }
        out.add(cursor, b);
        return out.build();
    }

    private int indexAtOrBefore(long t) {
        int i = Arrays.binarySearch(from, t);
        return i >= 0 ? i : -i - 2;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < size(); i++) {
            s.append(i == 0 ? "" : ", ").append('[').append(from[i]).append(", ").append(to[i]).append(')');
        }
        return s.append('}').toString();
    }
}
