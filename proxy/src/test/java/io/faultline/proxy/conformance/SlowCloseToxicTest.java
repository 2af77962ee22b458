package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slow_close toxic (spec §5.3): data passes unchanged; the close that follows the source's EOF waits {@code delay} ms. */
class SlowCloseToxicTest extends ConformanceSupport {
    private static final byte[] DATA = "last words".getBytes(StandardCharsets.US_ASCII);

    @Test
    void b33_theClientSeesEofThatLongAfterTheUpstreamClosed() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().slowClose("slow", ToxicDirection.DOWNSTREAM, 500);
        Socket clientSide = net.connect(port(proxy));
        Socket serverSide = upstream.accept();

        long written = System.nanoTime();
        serverSide.getOutputStream().write(DATA);
        assertThat(Loopback.readExactly(clientSide, DATA.length)).isEqualTo(DATA);
        long dataArrived = System.nanoTime();
        long closed = System.nanoTime();
        serverSide.close();
        Ending end = Loopback.awaitEnd(clientSide, Loopback.IO_TIMEOUT);

        assertThat(TimeUnit.NANOSECONDS.toMillis(dataArrived - written)).as("data is not delayed").isLessThan(SLACK_MS);
        assertThat(end.how()).isEqualTo(How.EOF);
        assertThat(TimeUnit.NANOSECONDS.toMillis(end.atNanos() - closed)).isBetween(500L, 500 + SLACK_MS - 1);
    }
}
