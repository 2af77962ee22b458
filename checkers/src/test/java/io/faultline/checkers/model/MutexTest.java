package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MutexTest {
    private final Mutex mutex = new Mutex();

    @Test
    void startsFree() {
        assertThat(mutex.init()).isFalse();
        assertThat(mutex.describe(mutex.init())).isEqualTo("free");
    }

    @Test
    void acquireTakesAFreeLockAndReleaseFreesAHeldOne() {
        Boolean held = mutex.step(mutex.init(), ok("acquire", null));
        assertThat(held).isTrue();
        assertThat(mutex.describe(held)).isEqualTo("held");
        assertThat(mutex.step(held, ok("release", null))).isFalse();
    }

    @Test
    void acquiringAHeldLockIsIllegal() {
        assertThat(mutex.step(true, ok("acquire", null))).isNull();
    }

    @Test
    void releasingAFreeLockIsIllegal() {
        assertThat(mutex.step(false, ok("release", null))).isNull();
    }

    @Test
    void anIndeterminateAcquireStepsLikeAnAcknowledgedOne() {
        // whether it took effect at all is the checker's choice; if it did, it took the lock
        assertThat(mutex.step(false, info("acquire", null))).isTrue();
        assertThat(mutex.step(true, info("acquire", null))).isNull();
        assertThat(mutex.isIdentity(info("acquire", null))).isFalse();
    }

    @Test
    void anOperationOfAnotherObjectSaysWhichOnesTheModelTakes() {
        assertThatThrownBy(() -> mutex.step(false, ok("read", 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mutex model has no :read")
                .hasMessageContaining(":acquire and :release")
                .hasMessageContaining("--model");
    }
}
