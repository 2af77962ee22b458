package io.faultline.checkers.model;

/**
 * An immutable string built by appends, kept as the chain of its pieces: appending allocates one
 * node and copies nothing, and the hash is carried along. A kv search makes hundreds of thousands of
 * states, most of them one append away from another, so copying and rehashing the whole string per
 * step (as {@code state + piece} would) dominated its time and its memory.
 *
 * <p>{@link #hashCode()} equals {@link String#hashCode()} of the content, so a map holding ropes can
 * keep {@link java.util.Map#hashCode()}'s contract.
 */
final class Rope {
    static final Rope EMPTY = new Rope(null, "", 0);
    /** 31^i for the lengths most appended pieces have. */
    private static final int[] POWERS_OF_31 = new int[64];

    static {
        POWERS_OF_31[0] = 1;
        for (int i = 1; i < POWERS_OF_31.length; i++) {
            POWERS_OF_31[i] = POWERS_OF_31[i - 1] * 31;
        }
    }

    /** Everything before {@link #piece}, or null when this rope is a single piece. */
    private final Rope prefix;
    private final String piece;
    private final int length;
    private final int hash;

    private Rope(Rope prefix, String piece, int hash) {
        this.prefix = prefix;
        this.piece = piece;
        this.length = (prefix == null ? 0 : prefix.length) + piece.length();
        this.hash = hash;
    }

    static Rope of(String s) {
        return s.isEmpty() ? EMPTY : new Rope(null, s, s.hashCode());
    }

    Rope append(String s) {
        if (s.isEmpty()) {
            return this;
        }
        if (length == 0) {
            return of(s);
        }
        // String.hashCode is Σ c[i]·31^(n-1-i), so appending s multiplies the old hash by 31^|s|.
        return new Rope(this, s, hash * powerOf31(s.length()) + s.hashCode());
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Whether this rope holds exactly {@code s}, compared from the end without building a string. */
    boolean contentEquals(String s) {
        if (s.length() != length || s.hashCode() != hash) {
            return false;
        }
        int end = length;
        for (Rope r = this; r != null; r = r.prefix) {
            end -= r.piece.length();
            if (!s.regionMatches(end, r.piece, 0, r.piece.length())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether both ropes hold the same characters. Walks both chains from the end, a stretch at a
     * time, and stops early where the two share a node (two orders of appends from one base).
     */
    boolean contentEquals(Rope other) {
        if (this == other) {
            return true;
        }
        if (other.length != length || other.hash != hash) {
            return false;
        }
        Rope a = this;
        Rope b = other;
        int aEnd = a.piece.length(); // characters of a.piece still to compare, from its start
        int bEnd = b.piece.length();
        while (a != null && b != null) {
            if (a == b && aEnd == a.piece.length() && bEnd == b.piece.length()) {
                return true;
            }
            int n = Math.min(aEnd, bEnd);
            if (!a.piece.regionMatches(aEnd - n, b.piece, bEnd - n, n)) {
                return false;
            }
            aEnd -= n;
            bEnd -= n;
            if (aEnd == 0) {
                a = a.prefix;
                aEnd = a == null ? 0 : a.piece.length();
            }
            if (bEnd == 0) {
                b = b.prefix;
                bEnd = b == null ? 0 : b.piece.length();
            }
        }
        // equal lengths: both chains end together
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rope r && contentEquals(r);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (prefix == null) {
            return piece;
        }
        char[] chars = new char[length];
        int end = length;
        for (Rope r = this; r != null; r = r.prefix) {
            end -= r.piece.length();
            r.piece.getChars(0, r.piece.length(), chars, end);
        }
        return new String(chars);
    }

    private static int powerOf31(int exponent) {
        if (exponent < POWERS_OF_31.length) {
            return POWERS_OF_31[exponent];
        }
        int result = 1;
        int base = 31;
        for (int e = exponent; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }
}
