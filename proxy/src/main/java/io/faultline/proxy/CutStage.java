package io.faultline.proxy;

/**
 * cut (Faultline extension): nothing in this direction gets through, the end of stream included,
 * while the other direction flows: a one-way partition. Held data is delivered when the toxic goes
 * away, as TCP's retransmissions would deliver it after a partition heals. With {@code timeout} &gt; 0
 * a connection that has had data held for that long is reset on both sides, as TCP gives up after
 * its retransmission timeout; idle connections survive, as they would.
 */
final class CutStage extends Stage {
    private long heldSince = UNSET;

    @Override
    long step(long now) {
        if (input.isEmpty()) {
            heldSince = UNSET;
            return NEVER;
        }
        long timeout = toxic.attribute("timeout");
        if (heldSince == UNSET) {
            heldSince = now;
        }
        if (timeout <= 0) {
            return NEVER;
        }
        long giveUp = later(heldSince, millis(timeout));
        if (giveUp > now) {
            return giveUp;
        }
        out.abort();
        return NEVER;
    }
}
