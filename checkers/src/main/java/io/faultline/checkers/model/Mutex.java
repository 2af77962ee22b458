package io.faultline.checkers.model;

import io.faultline.checkers.history.Operation;

/**
 * A single lock, initially free: {@code :acquire} is legal only while it is free and takes it;
 * {@code :release} is legal only while it is held and frees it. Operation values are ignored. This is
 * Knossos's {@code (mutex)}.
 *
 * <p>As in Knossos, the model does not know who holds the lock: a release by a process other than
 * the one that acquired it is legal. A history in which two clients both believe they hold the lock
 * is still caught, because the second {@code :acquire} cannot take effect while the first holds it.
 * The state is {@code true} while the lock is held.
 */
public final class Mutex implements Model<Boolean> {

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public String description() {
        return "A lock, initially free: :acquire takes it when free, :release frees it when held.";
    }

    @Override
    public Boolean init() {
        return Boolean.FALSE;
    }

    @Override
    public Boolean step(Boolean held, Operation op) {
        switch (op.f()) {
            case "acquire":
                return held ? null : Boolean.TRUE;
            case "release":
                return held ? Boolean.FALSE : null;
            default:
                throw OperationErrors.unsupported(name(), op, ":acquire and :release");
        }
    }

    @Override
    public String describe(Boolean held) {
        return held ? "held" : "free";
    }
}
