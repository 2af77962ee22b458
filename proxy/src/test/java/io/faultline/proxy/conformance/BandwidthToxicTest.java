package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bandwidth toxic (spec §5.2): rate in KB/s with KB = 1000 bytes, so n bytes take n / rate ms.
 * Pacing is a semantic, so it is asserted: within 10 % of n / rate, from the first write to the last byte.
 */
class BandwidthToxicTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    /** Streams {@code bytes} upstream through a bandwidth toxic of {@code rate} and returns the elapsed ms. */
    private long paced(long rate, long bytes) throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, rate);
        Socket clientSide = net.connect(port(proxy));
        Recorder received = net.drain(upstream.accept());

        long start = System.nanoTime();
        CompletableFuture<Long> sent = Loopback.streamInBackground(clientSide, bytes);
        received.awaitBytes(bytes, Loopback.IO_TIMEOUT.multipliedBy(2));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(received.arrivalOf(bytes - 1) - start);

        assertThat(received.count()).isEqualTo(bytes);
        assertThat(received.checksum()).as("the bytes arrived intact").isEqualTo(sent.get(5, TimeUnit.SECONDS));
        return elapsed;
    }

    private static void assertWithinTenPercent(double expectedMs, Timed transfer) throws Exception {
        assertMillis(String.format("transfer expected to take %.0f ms", expectedMs),
                (long) Math.ceil(expectedMs * 0.9), (long) Math.floor(expectedMs * 1.1) + 1, transfer);
    }

    @Test
    void a49_480000BytesAt1000KBpsTake480ms() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        byte[] data = Loopback.pattern(480_000);

        assertWithinTenPercent(480, () -> {
            Socket clientSide = net.connect(port(proxy));
            Recorder received = net.record(upstream.accept());
            long start = System.nanoTime();
            Loopback.writeInBackground(clientSide, data);
            assertThat(received.awaitBytes(data.length, Loopback.IO_TIMEOUT)).isEqualTo(data);
            return TimeUnit.NANOSECONDS.toMillis(received.arrivalOf(data.length - 1) - start);
        });
    }

    /** The bandwidth toxic's accuracy claim (PR #48: "from 1KB/s up to 200MB/s"), at rates from 1 KB/s to 100 MB/s. */
    @ParameterizedTest(name = "{1} bytes at {0} KB/s")
    @CsvSource({
        "1, 1500",
        "10, 15000",
        "100, 120000",
        "10000, 10000000",
        "100000, 60000000"})
    void a49_pacingHoldsWithinTenPercentAcrossRates(long rate, long bytes) throws Exception {
        assertWithinTenPercent((double) bytes / rate, () -> paced(rate, bytes));
    }

    @Test
    void b32_rate100IsAbout100BytesPerMillisecond() throws Exception {
        assertWithinTenPercent(300, () -> paced(100, 30_000));
    }

    @Test
    void b32_rateZeroStallsWithoutClosingAndReleasesOnRemoval() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        Bandwidth cut = proxy.toxics().bandwidth("CUT_CONNECTION_UPSTREAM", ToxicDirection.UPSTREAM, 0);
        Socket clientSide = net.connect(port(proxy));
        Recorder received = net.record(upstream.accept());

        clientSide.getOutputStream().write(PING);

        assertThat(received.awaitEnd(ms(500))).as("the upstream side stays open").isNull();
        assertThat(received.count()).isZero();
        assertThat(Loopback.awaitEnd(clientSide, ms(100)).how()).isEqualTo(How.STILL_OPEN);
        net.connect(port(proxy));
        assertThat(upstream.accept()).as("a new connection during the stall").isNotNull();

        cut.remove();
        assertThat(received.awaitBytes(PING.length, Loopback.IO_TIMEOUT)).isEqualTo(PING);
    }
}
