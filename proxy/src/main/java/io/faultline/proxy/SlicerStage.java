package io.faultline.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * slicer: cuts each chunk by recursive halving, shifting each cut by up to ±size_variation, until
 * every piece is at most average_size + size_variation bytes, and emits the pieces with
 * {@code delay} µs after each. The inputs that crash the real server are clamped: average_size is
 * at least 1 and size_variation at most average_size - 1 (and not negative).
 */
final class SlicerStage extends Stage {
    private List<Integer> pieces;
    private int nextPiece;
    private long pieceStart;
    private long busyUntil = UNSET;

    @Override
    long step(long now) {
        long delay = micros(toxic.attribute("delay"));
        while (!input.isEmpty()) {
            if (busyUntil != UNSET && busyUntil > now) {
                return busyUntil;
            }
            Chunk head = input.peek();
            if (head.isEof()) {
                out.emit(input.poll());
                continue;
            }
            if (pieces == null) {
                pieces = cut(head.length);
                nextPiece = 0;
                pieceStart = now;
            }
            while (nextPiece < pieces.size()) {
                long due = later(pieceStart, times(nextPiece, delay));
                if (due > now) {
                    return due;
                }
                int size = pieces.get(nextPiece++);
                out.emit(size == head.length ? input.poll() : head.splitFront(size));
            }
            busyUntil = later(pieceStart, times(pieces.size(), delay));
            pieces = null;
        }
        return NEVER;
    }

    /** Sizes of the pieces a chunk of {@code length} bytes is cut into, in order. */
    List<Integer> cut(int length) {
        long average = Math.max(1, toxic.attribute("average_size"));
        long variation = Math.max(0, Math.min(toxic.attribute("size_variation"), average - 1));
        List<Integer> sizes = new ArrayList<>();
        cut(0, length, average, (int) Math.min(variation, Integer.MAX_VALUE / 2), sizes);
        return sizes;
    }

    private void cut(int start, int end, long average, int variation, List<Integer> sizes) {
        if ((end - start) - average <= variation) {
            sizes.add(end - start);
            return;
        }
        int shift = variation > 0 ? random.nextInt(variation * 2) - variation : 0;
        int mid = start + (end - start) / 2 + shift;
        cut(start, mid, average, variation, sizes);
        cut(mid, end, average, variation, sizes);
    }

    @Override
    void restart(long now) {
        pieces = null;
        busyUntil = UNSET;
    }
}
