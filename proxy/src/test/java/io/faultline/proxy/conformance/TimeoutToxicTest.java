package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The timeout toxic (spec §5.4): it drops everything in its direction, closes an idle connection
 * after {@code timeout} ms (never when ≤ 0), and closes its connections when it is removed.
 */
class TimeoutToxicTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a51_removingLatencyInFrontOfATimeoutZeroDoesNotHang() throws Exception {
        Proxy proxy = echoProxy();
        Latency lat = proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 100);
        proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
        Socket s = net.connect(port(proxy));
        s.getOutputStream().write(PING);

        long start = System.nanoTime();
        lat.remove();

        assertThat(Loopback.millisSince(start)).as("DELETE of the latency toxic").isLessThan(1000);
        assertThat(names(proxy.toxics().getAll())).containsExactly("to");
    }

    @Test
    void a51_removingATimeoutZeroClosesBothSides() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        Timeout timeout = proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
        Socket clientSide = net.connect(port(proxy));
        Socket serverSide = upstream.accept();
        clientSide.getOutputStream().write(PING);
        // closing a socket with unread input sends RST; give the proxy time to read (and drop) the ping
        Thread.sleep(100);

        timeout.remove();

        Ending clientEnd = Loopback.awaitEnd(clientSide, ms(1000));
        Ending serverEnd = Loopback.awaitEnd(serverSide, ms(1000));
        assertThat(clientEnd.how()).isEqualTo(How.EOF);
        assertThat(serverEnd.how()).isEqualTo(How.EOF);
        assertThat(serverEnd.data()).as("the timeout dropped what it held").isEmpty();
    }

    @Test
    void b34_aTimeoutClosesTheConnectionThatLongAfterItsLastChunk() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 300);

        assertMillis("from the last write to the close", 300, 300 + SLACK_MS, () -> {
            Socket clientSide = net.connect(port(proxy));
            Socket serverSide = upstream.accept();
            Recorder serverReceived = net.record(serverSide);
            long first = System.nanoTime();
            long last = first;
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    Thread.sleep(100);
                }
                last = System.nanoTime();
                clientSide.getOutputStream().write(PING);
            }
            serverSide.getOutputStream().write(PONG);
            assertThat(Loopback.readExactly(clientSide, PONG.length)).as("the other direction still flows").isEqualTo(PONG);
            Ending end = Loopback.awaitEnd(clientSide, Loopback.IO_TIMEOUT);
            assertThat(end.how()).isEqualTo(How.EOF);
            assertThat(TimeUnit.NANOSECONDS.toMillis(end.atNanos() - first))
                    .as("each dropped chunk restarted the timer").isGreaterThanOrEqualTo(600);
            assertThat(serverReceived.awaitEnd(Loopback.IO_TIMEOUT)).isNotNull();
            assertThat(serverReceived.count()).as("everything upstream was dropped").isZero();
            return TimeUnit.NANOSECONDS.toMillis(end.atNanos() - last);
        });
    }

    @Test
    void b34_aTimeoutOfZeroKeepsTheConnectionOpenAndDeliversNothing() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
        Socket clientSide = net.connect(port(proxy));
        Recorder serverReceived = net.record(upstream.accept());

        clientSide.getOutputStream().write(PING);

        assertThat(serverReceived.awaitEnd(ms(500))).as("the upstream side stays open").isNull();
        assertThat(serverReceived.count()).isZero();
        assertThat(Loopback.awaitEnd(clientSide, ms(100)).how()).isEqualTo(How.STILL_OPEN);
    }

    @Test
    void b35_removingATimeoutClosesItsConnectionsEvenOnesToxicitySpared() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        addToxic(proxy.getName(),
                "{\"name\":\"to\",\"type\":\"timeout\",\"stream\":\"downstream\",\"toxicity\":0,\"attributes\":{\"timeout\":0}}");
        Socket spared = net.connect(port(proxy));
        Socket sparedServer = upstream.accept();
        Socket silent = net.connect(port(proxy));
        Socket silentServer = upstream.accept();
        sparedServer.getOutputStream().write(PONG);
        assertThat(Loopback.readExactly(spared, PONG.length)).as("toxicity 0 spared this connection").isEqualTo(PONG);

        proxy.toxics().get("to").remove();

        assertThat(Loopback.awaitEnd(spared, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        assertThat(Loopback.awaitEnd(sparedServer, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        assertThat(Loopback.awaitEnd(silent, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        assertThat(Loopback.awaitEnd(silentServer, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
    }
}
