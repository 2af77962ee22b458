package io.faultline.proxy;

/**
 * latency: each chunk leaves no earlier than its stamp plus a delay drawn per chunk from
 * [latency - jitter, latency + jitter). The stamp is the read time, advanced by earlier latency
 * toxics, so pipelined chunks are not delayed cumulatively while two toxics add up. FIFO.
 */
final class LatencyStage extends Stage {
    private long due = UNSET;

    @Override
    long step(long now) {
        while (!input.isEmpty()) {
            Chunk head = input.peek();
            if (!head.isEof()) {
                if (due == UNSET) {
                    due = later(head.stamp, millis(delayMillis()));
                }
                if (due > now) {
                    return due;
                }
                head.stamp = due;
                due = UNSET;
            }
            out.emit(input.poll());
        }
        return NEVER;
    }

    private long delayMillis() {
        long latency = toxic.attribute("latency");
        long jitter = toxic.attribute("jitter");
        if (jitter > 0 && jitter <= Long.MAX_VALUE / 2) {
            latency += random.nextLong(jitter * 2) - jitter;
        }
        return latency;
    }

    @Override
    void restart(long now) {
        due = UNSET;
    }
}
