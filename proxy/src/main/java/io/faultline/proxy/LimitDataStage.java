package io.faultline.proxy;

/**
 * limit_data: forwards until {@code bytes} have passed since the toxic started on this link
 * (truncating the chunk that crosses the limit), then ends the link. The count survives restarts.
 */
final class LimitDataStage extends Stage {
    private long transmitted;

    @Override
    long step(long now) {
        long limit = toxic.attribute("bytes");
        while (!input.isEmpty()) {
            Chunk chunk = input.poll();
            if (chunk.isEof()) {
                out.end();
                return NEVER;
            }
            long remaining = Math.max(0, limit - transmitted);
            if (chunk.length > remaining) {
                Chunk kept = chunk.splitFront((int) remaining);
                out.drop(chunk);
                chunk = kept;
            }
            if (chunk.length > 0) {
                transmitted += chunk.length;
                out.emit(chunk);
            } else {
                out.drop(chunk);
            }
            if (limit - transmitted <= 0) {
                out.end();
                return NEVER;
            }
        }
        return NEVER;
    }
}
