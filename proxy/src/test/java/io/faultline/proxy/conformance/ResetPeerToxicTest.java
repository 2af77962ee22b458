package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The reset_peer toxic (spec §5.5): on the first chunk in its direction it waits {@code timeout} ms
 * and closes; connections opened while such a toxic existed close with RST, others with FIN.
 */
class ResetPeerToxicTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(ToxicDirection.class)
    void a51_withoutTimeoutTheFirstReadAfterAWriteIsReset(ToxicDirection stream) throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().resetPeer("reset", stream, 0);
        Socket s = net.connect(port(proxy));

        s.getOutputStream().write(PING);
        Ending end = Loopback.awaitEnd(s, Loopback.IO_TIMEOUT);

        assertThat(end.how()).isEqualTo(How.RESET);
        assertThat(end.data()).isEmpty();
        // Go then reads EOF; the JDK remembers the reset and throws again. Either way no data follows.
        assertThat(readAgain(s)).isLessThan(0);
    }

    private static int readAgain(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    @ParameterizedTest
    @EnumSource(ToxicDirection.class)
    void a51_withTimeoutTheResetComesThatMuchLater(ToxicDirection stream) throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().resetPeer("reset", stream, 100);

        assertMillis("from the write to the reset", 100, 100 + SLACK_MS, () -> {
            Socket s = net.connect(port(proxy));
            long start = System.nanoTime();
            s.getOutputStream().write(PING);
            Ending end = Loopback.awaitEnd(s, Loopback.IO_TIMEOUT);
            assertThat(end.how()).isEqualTo(How.RESET);
            return TimeUnit.NANOSECONDS.toMillis(end.atNanos() - start);
        });
    }

    @Test
    void b36_anIdleConnectionIsNeverReset() throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
        Socket s = net.connect(port(proxy));

        assertThat(Loopback.awaitEnd(s, ms(300)).how()).isEqualTo(How.STILL_OPEN);
        s.getOutputStream().write(PING);
        assertThat(Loopback.awaitEnd(s, Loopback.IO_TIMEOUT).how()).isEqualTo(How.RESET);
    }

    @Test
    void b36_addedToAnOpenConnectionItClosesWithEof() throws Exception {
        Proxy proxy = echoProxy();
        Socket s = net.connect(port(proxy));
        Loopback.roundTrip(s, PING);

        proxy.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
        s.getOutputStream().write(PING);
        Ending end = Loopback.awaitEnd(s, Loopback.IO_TIMEOUT);

        assertThat(end.how()).isEqualTo(How.EOF);
        assertThat(end.data()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ToxicDirection.class)
    void b37_atToxicityZeroItStillTurnsAnUpstreamCloseIntoAReset(ToxicDirection stream) throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        addToxic(proxy.getName(), "{\"name\":\"reset\",\"type\":\"reset_peer\",\"stream\":\""
                + stream.name().toLowerCase() + "\",\"toxicity\":0,\"attributes\":{\"timeout\":0}}");
        Socket clientSide = net.connect(port(proxy));
        Socket serverSide = upstream.accept();
        clientSide.getOutputStream().write(PING);
        assertThat(Loopback.readExactly(serverSide, PING.length)).as("toxicity 0: data passes").isEqualTo(PING);

        serverSide.close();

        assertThat(Loopback.awaitEnd(clientSide, Loopback.IO_TIMEOUT).how()).isEqualTo(How.RESET);
    }
}
