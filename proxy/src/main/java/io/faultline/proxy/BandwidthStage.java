package io.faultline.proxy;

/**
 * bandwidth: {@code rate} KB/s with KB = 1000 bytes, i.e. rate bytes per millisecond. A chunk of n
 * bytes leaves n/rate ms after the previous one (a running budget, so timer slack does not add up);
 * a chunk bigger than rate*100 bytes goes out in rate*100-byte pieces, one every 100 ms. Rate 0
 * stalls, holding data until the toxic changes; a negative rate (which crashes the real server)
 * stalls too.
 */
final class BandwidthStage extends Stage {
    private static final long PIECE_INTERVAL = millis(100);
    /** Lateness the budget may carry as credit; more would let a stalled writer burst afterwards. */
    private static final long MAX_CREDIT = millis(100);

    private long budget;
    private long headStart = UNSET;
    private long headDue;
    private long piecesSent;

    @Override
    long step(long now) {
        long rate = Math.max(0, toxic.attribute("rate"));
        while (!input.isEmpty()) {
            Chunk head = input.peek();
            if (head.isEof()) {
                out.emit(input.poll());
                continue;
            }
            if (rate == 0) {
                return NEVER;
            }
            if (headStart == UNSET) {
                headStart = now;
                headDue = later(now + budget, head.length * 1_000_000L / rate);
                piecesSent = 0;
            }
            long pieceSize = rate > Integer.MAX_VALUE / 100 ? Integer.MAX_VALUE : rate * 100;
            while (head.length > pieceSize) {
                long pieceDue = later(headStart, times(piecesSent + 1, PIECE_INTERVAL));
                if (pieceDue > now) {
                    return pieceDue;
                }
                out.emit(head.splitFront((int) pieceSize));
                piecesSent++;
            }
            if (headDue > now) {
                return headDue;
            }
            out.emit(input.poll());
            budget = Math.max(-MAX_CREDIT, headDue - now);
            headStart = UNSET;
        }
        return NEVER;
    }

    @Override
    void restart(long now) {
        budget = 0;
        headStart = UNSET;
    }
}
