package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuspicionStrategyTest {
    private static final long MS = 1_000_000;
    /** What {@link #afterAFault} leaves: 98 steady intervals, the 2 s gap, one more heartbeat. */
    private static final long LAST_ARRIVAL_AFTER_THE_FAULT = (98 * 100 + 2000 + 100) * MS;

    @Test
    void aFixedTimeoutSuspectsOnlyAfterTheTimeoutWithoutArrivals() {
        FixedTimeout t = new FixedTimeout(500 * MS, 0);
        assertThat(t.suspects(500 * MS)).isFalse();
        assertThat(t.suspects(501 * MS)).as("never heard from: suspected one timeout after start").isTrue();
        t.arrival(600 * MS);
        assertThat(t.suspects(1000 * MS)).isFalse();
        assertThat(t.suspects(1101 * MS)).isTrue();
    }

    @Test
    void phiGrowsWithSilenceAndCrossesTheThresholdSoonAfterAMissedBeat() {
        PhiAccrual phi = new PhiAccrual(8, 100, 100 * MS, false, 0);
        long t = 0;
        for (int i = 0; i < 50; i++) {
            t += 100 * MS;
            phi.arrival(t);
        }
        assertThat(phi.phi(t + 50 * MS)).isLessThan(1);
        assertThat(phi.phi(t + 100 * MS)).isLessThan(phi.phi(t + 150 * MS));
        assertThat(phi.suspects(t + 150 * MS)).as("half an interval late").isFalse();
        // With no jitter, the deviation is the floor of a quarter interval: phi = 8 about 5.5 deviations late.
        assertThat(phi.suspects(t + 300 * MS)).isTrue();
    }

    @Test
    void phiToleratesTheJitterItHasSeen() {
        PhiAccrual steady = new PhiAccrual(8, 100, 100 * MS, false, 0);
        PhiAccrual jittery = new PhiAccrual(8, 100, 100 * MS, false, 0);
        long s = 0;
        long j = 0;
        for (int i = 0; i < 100; i++) {
            s += 100 * MS;
            steady.arrival(s);
            j += (i % 2 == 0 ? 20 : 180) * MS;
            jittery.arrival(j);
        }
        assertThat(jittery.phi(j + 300 * MS)).isLessThan(steady.phi(s + 300 * MS));
        assertThat(jittery.suspects(j + 300 * MS)).isFalse();
    }

    @Test
    void phiKnowsWhatToExpectBeforeTheSecondHeartbeat() {
        PhiAccrual phi = new PhiAccrual(8, 100, 100 * MS, false, 0);
        assertThat(phi.suspects(100 * MS)).isFalse();
        assertThat(phi.suspects(1000 * MS)).isTrue();
    }

    @Test
    void plainPhiNoticesASecondFaultLateBecauseItsWindowStillHoldsTheFirstGap() {
        PhiAccrual plain = afterAFault(false);
        long t = LAST_ARRIVAL_AFTER_THE_FAULT;
        assertThat(plain.suspects(t + 300 * MS)).as("steady history would suspect here").isFalse();
        assertThat(plain.suspects(t + 1000 * MS)).as("one 2 s gap in 100 intervals: deviation about 190 ms").isFalse();
        assertThat(plain.suspects(t + 1200 * MS)).isTrue();
        assertThat(plain.describe(t + 1200 * MS)).contains("intervals=100", "max-ms=2000", "p50-ms=100");
    }

    @Test
    void resetOnRejoinForgetsTheGapThatEndedASuspicion() {
        PhiAccrual reset = afterAFault(true);
        long t = LAST_ARRIVAL_AFTER_THE_FAULT;
        assertThat(reset.suspects(t + 150 * MS)).isFalse();
        assertThat(reset.suspects(t + 300 * MS)).as("as soon as with a steady history").isTrue();
        assertThat(reset.describe(t + 300 * MS)).contains("max-ms=100");
    }

    @Test
    void anArrivalThatEndsNoSuspicionIsRecordedEvenWithReset() {
        PhiAccrual reset = new PhiAccrual(8, 100, 100 * MS, true, 0);
        reset.arrival(100 * MS);
        reset.arrival(1100 * MS);
        assertThat(reset.describe(1100 * MS)).contains("intervals=3", "max-ms=1000");
    }

    /**
     * 99 steady heartbeats, a 2 s silence that ends a suspicion, then heartbeats until the window
     * holds 100 intervals, the gap among them unless the detector forgot it.
     */
    private static PhiAccrual afterAFault(boolean resetOnRejoin) {
        PhiAccrual phi = new PhiAccrual(8, 100, 100 * MS, resetOnRejoin, 0);
        long t = 0;
        for (int i = 0; i < 98; i++) {
            t += 100 * MS;
            phi.arrival(t);
        }
        t += 2000 * MS;
        assertThat(phi.suspects(t)).isTrue();
        phi.rejoined(t);
        t += 100 * MS;
        phi.arrival(t);
        return phi;
    }

}
