package io.faultline.proxy;

/** slow_close: data passes; the end of stream is held back for {@code delay} ms. */
final class SlowCloseStage extends Stage {
    private long eofDue = UNSET;

    @Override
    long step(long now) {
        while (!input.isEmpty()) {
            if (input.peek().isEof()) {
                if (eofDue == UNSET) {
                    eofDue = later(now, millis(toxic.attribute("delay")));
                }
                if (eofDue > now) {
                    return eofDue;
                }
            }
            out.emit(input.poll());
        }
        return NEVER;
    }

    @Override
    void restart(long now) {
        eofDue = UNSET;
    }
}
