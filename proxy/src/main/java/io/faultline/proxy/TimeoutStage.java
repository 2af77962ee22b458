package io.faultline.proxy;

/**
 * timeout: drops all data. With timeout &gt; 0 it ends the link once no chunk has arrived for that
 * long (the timer restarts on every dropped chunk); the end of stream ends it at once. Removing it
 * ends the link too, whatever the toxicity draw was: the dropped data has corrupted the stream.
 */
final class TimeoutStage extends Stage {
    private long deadline;

    @Override
    long step(long now) {
        long timeout = toxic.attribute("timeout");
        while (!input.isEmpty()) {
            Chunk chunk = input.poll();
            if (chunk.isEof()) {
                out.end();
                return NEVER;
            }
            out.drop(chunk);
            if (timeout > 0) {
                deadline = later(now, millis(timeout));
            }
        }
        if (deadline <= now) {
            out.end();
            return NEVER;
        }
        return deadline;
    }

    @Override
    void restart(long now) {
        long timeout = toxic.attribute("timeout");
        deadline = timeout > 0 ? later(now, millis(timeout)) : NEVER;
    }

    @Override
    void removed() {
        out.end();
    }
}
