package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The limit_data toxic (spec §5.7), upstream: it forwards bytes until {@code bytes} have passed since it
 * started on the connection, truncating the chunk that crosses the limit, then closes the connection.
 */
class LimitDataToxicTest extends ConformanceSupport {
    private static final byte[] DATA = Loopback.pattern(1000);

    private Upstream upstream;
    private Proxy proxy;
    private Socket clientSide;
    private Recorder upstreamReceived;
    private int written;

    /** A connection through a proxy whose upstream records what arrives; {@code limit} null means no toxic yet. */
    private void connect(Long limit) throws Exception {
        upstream = net.upstream();
        proxy = proxyTo(upstream.address());
        if (limit != null) {
            proxy.toxics().limitData("limit", ToxicDirection.UPSTREAM, limit);
        }
        clientSide = net.connect(port(proxy));
        upstreamReceived = net.record(upstream.accept());
    }

    /** Writes the next {@code n} bytes of {@link #DATA} as one chunk and waits until {@code expectedTotal} arrived. */
    private void write(int n, int expectedTotal) throws Exception {
        clientSide.getOutputStream().write(DATA, written, n);
        written += n;
        upstreamReceived.awaitBytes(expectedTotal, Loopback.IO_TIMEOUT);
    }

    private void assertDeliveredThenClosed(int delivered) throws InterruptedException {
        Ending end = upstreamReceived.awaitEnd(Loopback.IO_TIMEOUT);
        assertThat(end).as("the upstream side was closed").isNotNull();
        assertThat(end.how()).isEqualTo(How.EOF);
        assertThat(upstreamReceived.bytes()).isEqualTo(Arrays.copyOf(DATA, delivered));
    }

    private void assertDeliveredAndOpen(int delivered) throws InterruptedException {
        assertThat(upstreamReceived.awaitEnd(ms(200))).as("the connection stays open").isNull();
        assertThat(upstreamReceived.bytes()).isEqualTo(Arrays.copyOf(DATA, delivered));
    }

    @Test
    void a50_fiftyBytesUnderALimitOf100Pass() throws Exception {
        connect(100L);

        write(50, 50);

        assertDeliveredAndOpen(50);
    }

    @Test
    void a50_exactlyTheLimitPassesThenTheConnectionCloses() throws Exception {
        connect(100L);

        write(100, 100);

        assertDeliveredThenClosed(100);
        assertThat(Loopback.awaitEnd(clientSide, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
    }

    @Test
    void a50_aChunkCrossingTheLimitIsTruncated() throws Exception {
        connect(100L);

        write(150, 100);

        assertDeliveredThenClosed(100);
    }

    @Test
    void a50_fourChunksOf25AllPass() throws Exception {
        connect(100L);

        for (int i = 1; i <= 4; i++) {
            write(25, 25 * i);
        }

        assertDeliveredThenClosed(100);
    }

    @Test
    void a50_ninetyThenTwentyGivesNinetyThenTen() throws Exception {
        connect(100L);

        write(90, 90);
        write(20, 100);

        assertDeliveredThenClosed(100);
    }

    @Test
    void a50_aLimitOfZeroPassesNothing() throws Exception {
        connect(0L);

        clientSide.getOutputStream().write(DATA, 0, 10);

        assertDeliveredThenClosed(0);
    }

    @Test
    void a50_theCountSurvivesAToxicRestart() throws Exception {
        connect(100L);
        write(60, 60);

        proxy.toxics().get("limit", LimitData.class).setBytes(100);
        write(60, 100);

        assertDeliveredThenClosed(100);
    }

    @Test
    void a50_removingTheToxicEndsItsLimitCleanly() throws Exception {
        connect(100L);
        write(50, 50);

        proxy.toxics().get("limit").remove();
        write(150, 200);

        assertDeliveredAndOpen(200);
    }

    @Test
    void a50_anEofBeforeTheLimitEndsTheConnectionCleanly() throws Exception {
        connect(100L);
        write(50, 50);

        clientSide.shutdownOutput();

        assertDeliveredThenClosed(50);
        Socket next = net.connect(port(proxy));
        Recorder nextReceived = net.record(upstream.accept());
        next.getOutputStream().write(DATA, 0, 10);
        assertThat(nextReceived.awaitBytes(10, Loopback.IO_TIMEOUT)).as("a new connection has its own count")
                .isEqualTo(Arrays.copyOf(DATA, 10));
    }

    @Test
    void b38_sevenThenThreeOfTenPassThenEof() throws Exception {
        connect(10L);

        write(7, 7);
        write(3, 10);

        assertDeliveredThenClosed(10);
    }

    @Test
    void b38_bytesBeforeTheToxicWasAddedDoNotCount() throws Exception {
        connect(null);
        write(8, 8);

        proxy.toxics().limitData("limit", ToxicDirection.UPSTREAM, 5);
        clientSide.getOutputStream().write(DATA, 8, 10);

        assertDeliveredThenClosed(13);
    }
}
