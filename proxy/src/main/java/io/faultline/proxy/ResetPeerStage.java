package io.faultline.proxy;

/**
 * reset_peer: waits for the first chunk (or the end of stream), drops it, waits {@code timeout} ms
 * and ends the link. Whether the close is an RST was decided when the connection was accepted
 * (linger 0 if a reset_peer toxic existed then). Once counting down it cannot be called off: a
 * redraw keeps it on, and removing it ends the link at once (the real server blocks the API call
 * until the countdown is over).
 */
final class ResetPeerStage extends Stage {
    private long resetAt = UNSET;

    @Override
    long step(long now) {
        if (resetAt == UNSET) {
            if (input.isEmpty()) {
                return NEVER;
            }
            out.drop(input.poll());
            resetAt = later(now, millis(toxic.attribute("timeout")));
        }
        while (!input.isEmpty()) {
            out.drop(input.poll());
        }
        if (resetAt > now) {
            return resetAt;
        }
        out.end();
        return NEVER;
    }

    @Override
    boolean committed() {
        return resetAt != UNSET;
    }

    @Override
    void removed() {
        if (resetAt != UNSET) {
            out.end();
        }
    }
}
