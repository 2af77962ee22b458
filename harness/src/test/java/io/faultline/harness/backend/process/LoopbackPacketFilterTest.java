package io.faultline.harness.backend.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.harness.backend.process.LoopbackPacketFilter.Link;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seen from outside any node: a cut direction between two loopback addresses carries no bytes, the
 * other direction still does, an established TCP connection stalls rather than resets, a heal lets
 * the held bytes through — for TCP and UDP; and a run's table goes at close or by a sweep. Needs root
 * (or CAP_NET_ADMIN) and nft, as CI has.
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
    void aCutTcpDirectionCarriesNothingWhileTheOtherFlowsAndHealDeliversWhatWasHeld() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(B)); Socket client = new Socket()) {
            client.bind(new InetSocketAddress(A, 0));
            client.connect(server.getLocalSocketAddress(), 1000);
            try (Socket accepted = server.accept()) {
                accepted.setSoTimeout(700);
                client.setSoTimeout(700);
                InputStream atB = accepted.getInputStream();
                OutputStream fromA = client.getOutputStream();

                filter.cut(List.of(new Link(A, B)));
                fromA.write('x');
                fromA.flush();
                assertThatThrownBy(atB::read).as("a byte A sent to B across the cut").isInstanceOf(SocketTimeoutException.class);

                accepted.getOutputStream().write('y');
                assertThat(client.getInputStream().read()).as("what B sends to A still arrives").isEqualTo('y');
                assertThat(client.isClosed() || accepted.isClosed()).as("the connection stays open").isFalse();

                filter.heal(List.of(new Link(A, B)));
                accepted.setSoTimeout(5000); // TCP retransmits with backoff: the held byte comes at the next try
                assertThat(atB.read()).as("the byte held by the cut, delivered after heal").isEqualTo('x');
            }
        }
    }

    @Test
    void aCutUdpDirectionCarriesNothingWhileTheOtherFlows() throws Exception {
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(A, 0));
             DatagramSocket b = new DatagramSocket(new InetSocketAddress(B, 0))) {
            a.setSoTimeout(500);
            b.setSoTimeout(500);
            filter.cut(List.of(new Link(A, B)));

            send(a, b, "lost");
            assertThatThrownBy(() -> receive(b)).as("a datagram A sent to B across the cut").isInstanceOf(SocketTimeoutException.class);
            send(b, a, "back");
            assertThat(receive(a)).isEqualTo("back");

            filter.heal(List.of(new Link(A, B)));
            send(a, b, "after");
            assertThat(receive(b)).isEqualTo("after");
        }
    }

    @Test
    void aPartitionIsOneTransactionAndHealAllRemovesIt() {
        List<Link> isolateC = List.of(new Link(A, C), new Link(C, A), new Link(B, C), new Link(C, B));
        filter.cut(isolateC);
        assertThat(filter.cuts()).containsExactlyInAnyOrderElementsOf(isolateC);
        assertThat(filter.listing()).contains("127.0.0.2 . 127.0.0.4", "127.0.0.4 . 127.0.0.3");

        filter.cut(List.of(new Link(A, C))); // again: nothing changes, nothing fails
        filter.healAll();
        assertThat(filter.cuts()).isEmpty();
        assertThat(filter.listing()).doesNotContain("127.0.0.4");
    }

    @Test
    void closeDeletesTheRunsTable() {
        assertThat(LoopbackPacketFilter.tables()).contains(filter.table());
        filter.cut(List.of(new Link(A, B)));
        filter.close();
        assertThat(LoopbackPacketFilter.tables()).doesNotContain(filter.table());
        filter.close(); // twice is fine
    }

    @Test
    void aSweepDeletesTheTablesOfRunsWhoseJvmIsGoneOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        LoopbackPacketFilter dead = LoopbackPacketFilter.open(runId + "-dead", gone.pid());
        assertThat(LoopbackPacketFilter.sweep()).contains(dead.table()).doesNotContain(filter.table());
        assertThat(LoopbackPacketFilter.tables()).contains(filter.table()).doesNotContain(dead.table());
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

    private static void send(DatagramSocket from, DatagramSocket to, String text) throws Exception {
        byte[] bytes = text.getBytes();
        from.send(new DatagramPacket(bytes, bytes.length, to.getLocalSocketAddress()));
    }

    private static String receive(DatagramSocket at) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[64], 64);
        at.receive(packet);
        return new String(packet.getData(), 0, packet.getLength());
    }
}
