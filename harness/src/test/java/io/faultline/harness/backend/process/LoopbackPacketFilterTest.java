package io.faultline.harness.backend.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.faultline.harness.backend.process.LoopbackPacketFilter.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's table and cgroups: a partition is one transaction, both go at close or by a sweep, and a
 * node's command runs in its cgroup. What the cuts do to traffic is shown between real node
 * processes, which alone can be told apart by cgroup, in {@link ProcessKernelCutsTest}. Needs root
 * (or CAP_NET_ADMIN), nft and a cgroup2 mount, as CI has.
 */
class LoopbackPacketFilterTest {
    private static final String A = "127.0.0.2";
    private static final String B = "127.0.0.3";
    private static final String C = "127.0.0.4";

    private String runId;
    private LoopbackPacketFilter filter;

    @BeforeEach
    void open() {
        runId = "filter-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        filter = LoopbackPacketFilter.open(runId);
    }

    @AfterEach
    void close() {
        filter.close();
    }

    @Test
    void aPartitionIsOneTransactionAndHealAllRemovesIt() {
        List<Link> isolateC = List.of(new Link(A, C), new Link(C, A), new Link(B, C), new Link(C, B));
        filter.cut(isolateC);
        assertThat(filter.cuts()).containsExactlyInAnyOrderElementsOf(isolateC);
        // A -> C: what A sends on its connections to C, and what A answers on C's connections to it
        assertThat(filter.listing()).contains("0x7f000002 . 127.0.0.4", "0x7f000004 . 127.0.0.2", "0x7f000004 . 127.0.0.3");

        filter.cut(List.of(new Link(A, C))); // again: nothing changes, nothing fails
        filter.healAll();
        assertThat(filter.cuts()).isEmpty();
        assertThat(filter.listing()).doesNotContain("127.0.0.4");
    }

    @Test
    void closeDeletesTheRunsTableAndCgroupsKillingWhatIsLeftInThem() throws Exception {
        List<String> command = filter.enroll(A, List.of("sleep", "60"));
        Process left = new ProcessBuilder(command).start();
        await("the node process in its cgroup").atMost(Duration.ofSeconds(5))
                .until(() -> Files.readString(Path.of("/proc/" + left.pid() + "/cgroup")).contains(filter.cgroupOf(A)));
        assertThat(LoopbackPacketFilter.tables()).contains(filter.table());
        assertThat(NodeCgroups.names()).contains(filter.table());
        filter.cut(List.of(new Link(A, B)));

        filter.close();
        assertThat(LoopbackPacketFilter.tables()).doesNotContain(filter.table());
        assertThat(NodeCgroups.names()).as("the run's cgroups after close").doesNotContain(filter.table());
        assertThat(left.waitFor(5, TimeUnit.SECONDS)).as("a process left in a node's cgroup is killed at close").isTrue();
        filter.close(); // twice is fine
    }

    @Test
    void aNodesMarkIsItsAddressAsANumber() {
        assertThat(LoopbackPacketFilter.mark("127.0.9.2")).isEqualTo("0x7f000902");
        assertThat(LoopbackPacketFilter.mark("127.1.255.254")).isEqualTo("0x7f01fffe");
    }

    @Test
    void aSweepDeletesTheTablesOfRunsWhoseJvmIsGoneOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        LoopbackPacketFilter dead = LoopbackPacketFilter.open(runId + "-dead", gone.pid());
        dead.enroll(A, List.of("true"));
        assertThat(LoopbackPacketFilter.sweep()).contains(dead.table()).doesNotContain(filter.table());
        assertThat(LoopbackPacketFilter.tables()).contains(filter.table()).doesNotContain(dead.table());
        assertThat(NodeCgroups.names()).contains(filter.table()).doesNotContain(dead.table());
    }

    @Test
    void aRunIdBecomesATableNameNftTakesThatNamesItsOwner() {
        String table = LoopbackPacketFilter.tableName("HazelcastTest-split:merge-1f2e", 4242);
        assertThat(table).isEqualTo("faultline_4242_HazelcastTest_split_merge_1f2e");
        assertThat(LoopbackPacketFilter.owner(table)).contains(4242L);
    }

    @Test
    void aCutBetweenNonLoopbackAddressesIsRefused() {
        assertThatThrownBy(() -> new Link("10.0.0.1", A)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.x.y.z");
        assertThatThrownBy(() -> new Link(A, A)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
