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

        assertMillis("from the upstream's close to the client's EOF", 500, 500 + SLACK_MS, () -> {
            Socket clientSide = net.connect(port(proxy));
            Socket serverSide = upstream.accept();
            long written = System.nanoTime();
            serverSide.getOutputStream().write(DATA);
            assertThat(Loopback.readExactly(clientSide, DATA.length)).isEqualTo(DATA);
            assertThat(Loopback.millisSince(written)).as("data is not held back").isLessThan(500);
            long closed = System.nanoTime();
            serverSide.close();
            Ending end = Loopback.awaitEnd(clientSide, Loopback.IO_TIMEOUT);
            assertThat(end.how()).isEqualTo(How.EOF);
            return TimeUnit.NANOSECONDS.toMillis(end.atNanos() - closed);
        });
    }
}
