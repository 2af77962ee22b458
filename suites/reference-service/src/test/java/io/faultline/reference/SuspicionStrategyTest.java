package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuspicionStrategyTest {
    private static final long MS = 1_000_000;

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
        PhiAccrual phi = new PhiAccrual(8, 100, 100 * MS, 0);
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
        PhiAccrual steady = new PhiAccrual(8, 100, 100 * MS, 0);
        PhiAccrual jittery = new PhiAccrual(8, 100, 100 * MS, 0);
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
        PhiAccrual phi = new PhiAccrual(8, 100, 100 * MS, 0);
        assertThat(phi.suspects(100 * MS)).isFalse();
        assertThat(phi.suspects(1000 * MS)).isTrue();
    }
}
