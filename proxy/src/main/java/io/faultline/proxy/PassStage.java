package io.faultline.proxy;

/** noop: passes everything through. */
final class PassStage extends Stage {
    @Override
    long step(long now) {
        while (!input.isEmpty()) {
            out.emit(input.poll());
        }
        return NEVER;
    }
}
