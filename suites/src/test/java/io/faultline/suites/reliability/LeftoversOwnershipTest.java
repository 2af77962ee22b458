package io.faultline.suites.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The leftovers campaign counts only what its own runs left: on a shared machine another build's
 * kernel-mode run had its nftables table up while a run of the campaign ended, and was counted
 * as that run's leftover; and a dead run's ports, on a loopback block the next run may reuse, were
 * counted while another build's nodes listened there.
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

    @Test
    void aListeningPortIsAttributedToTheProcessHoldingIt() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            // IPv4 in /proc/net/tcp, or IPv4-mapped in tcp6 (the JDK's dual-stack sockets)
            String port = String.format("0100007F:%04X", server.getLocalPort());
            assertThat(Leftovers.listenerHolders()).as("listeners by hex address:port")
                    .hasEntrySatisfying(new org.assertj.core.api.Condition<>(k -> k.endsWith(port), "ends with " + port),
                            new org.assertj.core.api.Condition<>(pids -> pids.contains(ProcessHandle.current().pid()), "held by this JVM"));
        }
    }
}
