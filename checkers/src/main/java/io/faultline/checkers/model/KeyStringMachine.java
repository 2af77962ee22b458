package io.faultline.checkers.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@link KeyValue} model's state machine for a partition of one key: the key's string is the
 * whole state. A string is known by its 64-bit polynomial hash, its length and the string it extends
 * by one piece (an append's, or a put's from ""), so a step computes the hash of the string it would
 * make and finds it among the strings seen before without building anything: a search of Porcupine's
 * 50-client kv history makes hundreds of thousands of steps and only a fraction of them new strings.
 * A string found by hash and length is confirmed character by character unless it was made by the very
 * same step before, so ids are exact: equal strings, one id.
 */
final class KeyStringMachine implements StateMachine<Map<Object, String>> {
    /** Odd, so that multiplying by it loses nothing mod 2^64. */
    private static final long BASE = 0x9E3779B97F4A7C15L;
    private static final byte GET = 0;
    private static final byte PUT = 1;
    private static final byte APPEND = 2;
    private static final byte UNSEEN_GET = 3;

    private final Object key;
    private final byte[] kinds;
    private final String[] strings;
    private final long[] stringHashes;
    /** BASE^length of each operation's string. */
    private final long[] shifts;
    /** Per get, the one string id already confirmed to hold its string, or -1. */
    private final int[] confirmed;

    // String id i is pieces[i] appended to string parents[i] (-1 for the empty string, id 0).
    private int[] parents = new int[64];
    private String[] pieces = new String[64];
    private int[] lengths = new int[64];
    private long[] hashes = new long[64];
    private int size;
    /** Open-addressing table of id + 1; 0 is an empty slot. */
    private int[] slots = new int[128];

    /**
     * @param key the partition's one key
     * @param kinds per operation: {@link #GET}, {@link #PUT}, {@link #APPEND} or {@link #UNSEEN_GET}
     * @param strings per operation: its string, null for an unseen get
     */
    private KeyStringMachine(Object key, byte[] kinds, String[] strings) {
        this.key = key;
        this.kinds = kinds;
        this.strings = strings;
        int n = kinds.length;
        this.stringHashes = new long[n];
        this.shifts = new long[n];
        this.confirmed = new int[n];
        Arrays.fill(confirmed, -1);
        for (int i = 0; i < n; i++) {
            if (strings[i] != null) {
                stringHashes[i] = hash(0, strings[i]);
                shifts[i] = power(strings[i].length());
            }
        }
        parents[0] = -1;
        pieces[0] = "";
        size = 1;
        slots[slot(0, 0)] = 1;
    }

    /** A machine for operations of one key, each decoded as {@link KeyValue} decodes it. */
    static KeyStringMachine of(Object key, List<KeyValue.Step> steps) {
        byte[] kinds = new byte[steps.size()];
        String[] strings = new String[steps.size()];
        for (int i = 0; i < kinds.length; i++) {
            KeyValue.Step s = steps.get(i);
            strings[i] = s.string();
            kinds[i] = switch (s.kind()) {
                case GET -> s.string() == null ? UNSEEN_GET : GET;
                case PUT -> PUT;
                case APPEND -> APPEND;
            };
        }
        return new KeyStringMachine(key, kinds, strings);
    }

    @Override
    public int init() {
        return 0;
    }

    @Override
    public int step(int state, int op) {
        switch (kinds[op]) {
            case GET: {
                if (confirmed[op] == state) {
                    return state;
                }
                String s = strings[op];
                if (lengths[state] != s.length() || hashes[state] != stringHashes[op] || !holds(state, s)) {
                    return ILLEGAL;
                }
                confirmed[op] = state;
                return state;
            }
            case PUT:
                return find(0, strings[op], stringHashes[op], strings[op].length());
            case APPEND: {
                String piece = strings[op];
                if (piece.isEmpty()) {
                    return state;
                }
                return find(state, piece, hashes[state] * shifts[op] + stringHashes[op], lengths[state] + piece.length());
            }
            default:
                return state;
        }
    }

    /** The id of string {@code parent} + {@code piece}, whose hash and length are given; new if unseen. */
    private int find(int parent, String piece, long hash, int length) {
        if (length == 0) {
            return 0;
        }
        int mask = slots.length - 1;
        for (int i = slot(hash, length) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return add(i, parent, piece, hash, length);
            }
            int id = slot - 1;
            if (hashes[id] == hash && lengths[id] == length
                    && ((parents[id] == parent && pieces[id].equals(piece)) || extends_(id, parent, piece))) {
                return id;
            }
        }
    }

    private int add(int slot, int parent, String piece, long hash, int length) {
        int id = size++;
        if (id == parents.length) {
            int n = id * 2;
            parents = Arrays.copyOf(parents, n);
            pieces = Arrays.copyOf(pieces, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        parents[id] = parent;
        pieces[id] = piece;
        lengths[id] = length;
        hashes[id] = hash;
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int i = slot(hashes[id], lengths[id]) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = id + 1;
        }
    }

    /**
     * Whether string {@code id} is string {@code parent} followed by {@code piece}, given equal
     * lengths: compared from the end, a stretch at a time, stopping early where both reach one string.
     */
    private boolean extends_(int id, int parent, String piece) {
        int a = id;
        String aPiece = pieces[a];
        int aEnd = aPiece.length();
        int b = -1; // -1 while b is still in piece
        String bPiece = piece;
        int bEnd = piece.length();
        int left = lengths[id];
        while (left > 0) {
            if (aEnd == 0) {
                a = parents[a];
                aPiece = pieces[a];
                aEnd = aPiece.length();
                continue;
            }
            if (bEnd == 0) {
                b = b == -1 ? parent : parents[b];
                bPiece = pieces[b];
                bEnd = bPiece.length();
                continue;
            }
            if (a == b && aEnd == aPiece.length() && bEnd == bPiece.length()) {
                return true;
            }
            int n = Math.min(aEnd, bEnd);
            if (!aPiece.regionMatches(aEnd - n, bPiece, bEnd - n, n)) {
                return false;
            }
            aEnd -= n;
            bEnd -= n;
            left -= n;
        }
        return true;
    }

    /** Whether string {@code id} is {@code s}, given equal lengths: compared from the end. */
    private boolean holds(int id, String s) {
        int end = s.length();
        for (int a = id; end > 0; a = parents[a]) {
            String piece = pieces[a];
            end -= piece.length();
            if (!s.regionMatches(end, piece, 0, piece.length())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Map<Object, String> state(int id) {
        char[] chars = new char[lengths[id]];
        int end = chars.length;
        for (int a = id; end > 0; a = parents[a]) {
            end -= pieces[a].length();
            pieces[a].getChars(0, pieces[a].length(), chars, end);
        }
        return KeyValueState.EMPTY.with(key, Rope.of(new String(chars)));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytes() {
        // parents, lengths and slots as ints, hashes as longs, a reference per piece (the strings are the history's)
        return 4L * parents.length * 2 + 8L * hashes.length + 4L * pieces.length + 4L * slots.length;
    }

    private static long hash(long start, String s) {
        long h = start;
        for (int i = 0; i < s.length(); i++) {
            h = h * BASE + s.charAt(i);
        }
        return h;
    }

    private static long power(int exponent) {
        long result = 1;
        long base = BASE;
        for (int e = exponent; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    private static int slot(long hash, int length) {
        long h = (hash ^ length) * 0xff51afd7ed558ccdL;
        return (int) (h ^ (h >>> 32));
    }
}
