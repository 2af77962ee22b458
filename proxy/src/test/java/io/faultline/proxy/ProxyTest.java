package io.faultline.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The proxy over real loopback sockets: forwarding, lifecycle and toxics on live connections. */
class ProxyTest {
    private final Workers workers = new Workers();
    private final ProxyServices services = new ProxyServices(new Random(1), new ProxyMetrics(true), workers, "127.0.0.1");
    private EchoServer upstream;
    private Proxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = EchoServer.echoing();
        proxy = new Proxy("echo", "127.0.0.1:0", upstream.address(), services);
        proxy.start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.stop();
        upstream.close();
        assertThat(workers.awaitAll(Duration.ofSeconds(5))).as("threads left behind").isEmpty();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", Integer.parseInt(proxy.listen().split(":")[1]));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] roundTrip(Socket socket, byte[] message) throws IOException {
        socket.getOutputStream().write(message);
        byte[] back = new byte[message.length];
        new DataInputStream(socket.getInputStream()).readFully(back);
        return back;
    }

    private static long millisToRoundTrip(Socket socket) throws IOException {
        long start = System.nanoTime();
        roundTrip(socket, new byte[] {1});
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Toxic toxic(String name, ToxicType type, Direction direction, long... attributes) {
        return new Toxic(name, type, direction.wire(), direction, 1f, attributes);
    }

    @Test
    void forwardsBothWaysIntact() throws Exception {
        byte[] big = new byte[4 << 20];
        new Random(3).nextBytes(big);
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello".getBytes())).isEqualTo("hello".getBytes());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(big);
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            writer.start();
            byte[] back = new byte[big.length];
            new DataInputStream(socket.getInputStream()).readFully(back);
            writer.join();
            assertThat(failure.get()).isNull();
            assertThat(Arrays.equals(back, big)).isTrue();
        }
    }

    @Test
    void reportsTheResolvedListenAddress() {
        assertThat(proxy.listen()).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:0");
    }

    @Test
    void anUnreachableUpstreamIsAcceptedThenClosed() throws Exception {
        proxy.stop();
        proxy.update("127.0.0.1:0", "127.0.0.1:1", true);
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void disablingDropsConnectionsAndRefusesNewOnes() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[] {1});
            String listen = proxy.listen();
            proxy.stop();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            int port = Integer.parseInt(listen.split(":")[1]);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aNewUpstreamDropsConnectionsButTheSameListenSpelledDifferentlyDoesNot() throws Exception {
        int port = Integer.parseInt(proxy.listen().split(":")[1]);
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[] {1});
            proxy.update("localhost:" + port, upstream.address(), true);
            assertThat(roundTrip(socket, new byte[] {2})).containsExactly(2);
            try (EchoServer other = EchoServer.echoing()) {
                proxy.update(proxy.listen(), other.address(), true);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
                try (Socket again = connect()) {
                    assertThat(roundTrip(again, new byte[] {3})).containsExactly(3);
                    await().until(() -> other.accepted.size() == 1);
                }
            }
        }
    }

    @Test
    void aLatencyToxicAppliesToLiveConnectionsAndItsRemovalReleasesHeldData() throws Exception {
        try (Socket socket = connect()) {
            assertThat(millisToRoundTrip(socket)).isLessThan(100);
            proxy.toxics().add(toxic("slow", ToxicType.LATENCY, Direction.DOWNSTREAM, 300, 0));
            assertThat(millisToRoundTrip(socket)).isBetween(290L, 600L);
            proxy.toxics().add(toxic("slower", ToxicType.LATENCY, Direction.UPSTREAM, 5_000, 0));
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            Thread.sleep(100);
            proxy.toxics().remove("slower");
            proxy.toxics().remove("slow");
            assertThat(socket.getInputStream().read()).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
            assertThat(millisToRoundTrip(socket)).isLessThan(100);
        }
    }

    @Test
    void linksReturnToDirectCopyingOnceToxicsAreGone() throws Exception {
        try (Socket socket = connect()) {
            proxy.toxics().add(toxic("noop", ToxicType.NOOP, Direction.UPSTREAM));
            roundTrip(socket, new byte[] {1});
            assertThat(writerThreads()).isEqualTo(1);
            proxy.toxics().remove("noop");
            roundTrip(socket, new byte[] {2});
            await().atMost(Duration.ofSeconds(2)).until(() -> writerThreads() == 0);
            assertThat(roundTrip(socket, new byte[] {3})).containsExactly(3);
        }
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("-writer")).count();
    }

    @Test
    void noDataIsLostOrReorderedWhileLatencyComesAndGoes() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    byte[] pair = new byte[2];
                    for (int i = 0; i < 65_535; i++) {
                        pair[0] = (byte) (i >> 8);
                        pair[1] = (byte) i;
                        out.write(pair);
                    }
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            Thread churn = new Thread(() -> {
                for (int i = 0; i < 200 && writer.isAlive(); i++) {
                    proxy.toxics().add(toxic("lat", ToxicType.LATENCY, Direction.UPSTREAM, 1, 1));
                    proxy.toxics().remove("lat");
                }
            });
            writer.start();
            churn.start();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < 65_535; i++) {
                assertThat(in.readUnsignedShort()).isEqualTo(i);
            }
            writer.join();
            churn.join();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void removingATimeoutToxicClosesTheConnectionsOfItsDirection() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[] {1});
            proxy.toxics().add(toxic("t", ToxicType.TIMEOUT, Direction.UPSTREAM, 0));
            socket.getOutputStream().write(2);
            proxy.toxics().remove("t");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aTimeoutClosesAnIdleConnectionAfterItsTimeout() throws Exception {
        proxy.toxics().add(toxic("t", ToxicType.TIMEOUT, Direction.DOWNSTREAM, 300));
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(280L, 1_000L);
        }
    }

    @Test
    void resetPeerPresentAtAcceptMakesTheCloseAnRst() throws Exception {
        proxy.toxics().add(toxic("r", ToxicType.RESET_PEER, Direction.DOWNSTREAM, 0));
        try (Socket socket = connect()) {
            socket.getOutputStream().write(1);
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void resetPeerAddedToAnOpenConnectionClosesWithAFin() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[] {1});
            proxy.toxics().add(toxic("r", ToxicType.RESET_PEER, Direction.DOWNSTREAM, 0));
            socket.getOutputStream().write(1);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void limitDataAddedMidConnectionCountsFromThen() throws Exception {
        try (EchoServer silent = EchoServer.silent()) {
            proxy.stop();
            proxy.update("127.0.0.1:0", silent.address(), true);
            try (Socket client = connect()) {
                client.getOutputStream().write(new byte[8]);
                await().until(() -> silent.accepted.size() == 1);
                InputStream server = silent.accepted.get(0).getInputStream();
                assertThat(server.readNBytes(8)).hasSize(8);
                proxy.toxics().add(toxic("l", ToxicType.LIMIT_DATA, Direction.UPSTREAM, 5));
                client.getOutputStream().write(new byte[] {1, 2, 3, 4, 5, 6, 7});
                assertThat(server.readAllBytes()).containsExactly(1, 2, 3, 4, 5);
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void bandwidthZeroStallsWithoutClosingAndDeliversOnRemoval() throws Exception {
        proxy.toxics().add(toxic("cut", ToxicType.BANDWIDTH, Direction.DOWNSTREAM, 0));
        try (Socket socket = connect(); Socket second = connect()) {
            socket.getOutputStream().write(7);
            socket.setSoTimeout(300);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(second.isConnected()).isTrue();
            proxy.toxics().remove("cut");
            socket.setSoTimeout(2_000);
            assertThat(socket.getInputStream().read()).isEqualTo(7);
        }
    }

    @Test
    void cutHoldsOneDirectionWhileTheOtherFlows() throws Exception {
        try (EchoServer silent = EchoServer.silent()) {
            proxy.stop();
            proxy.update("127.0.0.1:0", silent.address(), true);
            proxy.toxics().add(toxic("partition", ToxicType.CUT, Direction.UPSTREAM, 0));
            try (Socket client = connect()) {
                await().until(() -> silent.accepted.size() == 1);
                Socket server = silent.accepted.get(0);
                server.getOutputStream().write(42);
                assertThat(client.getInputStream().read()).isEqualTo(42);
                client.getOutputStream().write(9);
                server.setSoTimeout(300);
                assertThatThrownBy(() -> server.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
                proxy.toxics().remove("partition");
                server.setSoTimeout(2_000);
                assertThat(server.getInputStream().read()).isEqualTo(9);
            }
        }
    }

    @Test
    void slowCloseDelaysTheClientsEof() throws Exception {
        proxy.toxics().add(toxic("sc", ToxicType.SLOW_CLOSE, Direction.DOWNSTREAM, 500));
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[] {1});
            long start = System.nanoTime();
            upstream.close();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(480L, 1_500L);
        }
    }

    @Test
    void countsBytesWhenLinksFinish() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[5]);
        }
        await().until(() -> services.metrics().exposition().contains("sent_bytes_total{direction=\"downstream\""));
        assertThat(services.metrics().exposition())
                .contains("toxiproxy_proxy_received_bytes_total{direction=\"upstream\",listener=\"" + proxy.listen()
                        + "\",proxy=\"echo\",upstream=\"" + upstream.address() + "\"} 5");
    }
}
