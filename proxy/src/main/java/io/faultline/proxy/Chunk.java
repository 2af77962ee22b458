package io.faultline.proxy;

import java.nio.ByteBuffer;

/**
 * Bytes from one socket read (or a piece of them) on their way through a toxic chain, or the end of
 * the stream. Pieces share the array of the read they came from.
 */
final class Chunk {
    /** What a queued read costs beyond its bytes, so that floods of tiny reads also hit back-pressure. */
    static final int OVERHEAD = 64;

    private static final byte[] NO_BYTES = new byte[0];

    final byte[] data;
    int offset;
    int length;
    /** When the chunk was read, advanced by each latency it went through (System.nanoTime). */
    long stamp;
    /** The {@link #OVERHEAD} this object carries in its chain's accounting; pieces split off carry none. */
    final int overhead;
    private final boolean eof;

    private Chunk(byte[] data, int offset, int length, long stamp, int overhead, boolean eof) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.stamp = stamp;
        this.overhead = overhead;
        this.eof = eof;
    }

    /** Copies what {@code buffer} holds between its position and limit, leaving the buffer as it was. */
    static Chunk copyOf(ByteBuffer buffer, long stamp) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new Chunk(bytes, 0, bytes.length, stamp, OVERHEAD, false);
    }

    static Chunk endOfStream(long stamp) {
        return new Chunk(NO_BYTES, 0, 0, stamp, 0, true);
    }

    boolean isEof() {
        return eof;
    }

    /** What this chunk counts for in its chain's back-pressure accounting. */
    long cost() {
        return (long) length + overhead;
    }

    /** Takes the first {@code n} bytes off into a new chunk; this one keeps the rest. */
    Chunk splitFront(int n) {
        Chunk front = new Chunk(data, offset, n, stamp, 0, false);
        offset += n;
        length -= n;
        return front;
    }

    ByteBuffer asBuffer() {
        return ByteBuffer.wrap(data, offset, length);
    }
}
