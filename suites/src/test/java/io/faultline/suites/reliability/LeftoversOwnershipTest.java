package io.faultline.suites.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The leftovers campaign counts only what its own runs left: on a shared machine another build's
 * kernel-mode run had its nftables table up while a run of the campaign ended, and was counted
 * as that run's leftover.
 */
class LeftoversOwnershipTest {
    @Test
    void aTableNamedForAnotherJvmIsNotThisRunsLeftover() {
        assertThat(Leftovers.ownedByAnother("table inet faultline_16747_seed_5_74c691 {", 23001)).isTrue();
    }

    @Test
    void aTableNamedForThisRunsJvmIsItsLeftover() {
        assertThat(Leftovers.ownedByAnother("table inet faultline_23001_seed_5_74c691 {", 23001)).isFalse();
    }

    @Test
    void aRuleThatNamesNoOwnerStaysCounted() {
        assertThat(Leftovers.ownedByAnother("-A INPUT -m comment --comment faultline -j DROP", 23001)).isFalse();
    }
}
