package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The latency toxic on live loopback sockets (spec §5.1). A delay of L must take at least L and less
 * than L + {@link #SLACK_MS} (see {@link #assertMillis} for how load is allowed for).
 */
class LatencyToxicTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private static long ms(long nanos, long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - startNanos);
    }

    @Test
    void a47_aProxyWithoutToxicsEchoesEveryRoundTrip() throws Exception {
        Loopback.EchoServer echo = net.echoServer();
        Proxy proxy = proxyTo(echo.address());
        Socket direct = net.connect(echo.port());
        Socket proxied = net.connect(port(proxy));
        byte[] one = {42};

        long directNanos = 0;
        long proxiedNanos = 0;
        for (int i = 0; i < 100; i++) {
            directNanos += Loopback.roundTrip(direct, one);
            proxiedNanos += Loopback.roundTrip(proxied, one);
        }

        // The 300 µs bound of TestProxyLatency is a performance claim, not asserted here: ProxyBenchmark measures it.
        System.out.printf("A47 average added latency per hop: %.1f µs%n", (proxiedNanos - directNanos) / 200.0 / 1000);
        assertThat(echo.acceptedConnections()).isEqualTo(2);
    }

    @Test
    void a48_upstreamLatencyDelaysTheServersReceipt() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 100);
        Socket clientSide = net.connect(port(proxy));
        Socket serverSide = upstream.accept();

        assertMillis("client write to server read", 100, 100 + SLACK_MS, () -> {
            long start = System.nanoTime();
            clientSide.getOutputStream().write(PING);
            Loopback.readExactly(serverSide, PING.length);
            return Loopback.millisSince(start);
        });
    }

    @Test
    void a48_downstreamLatencyDelaysTheClientsReceipt() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, 100);
        Socket clientSide = net.connect(port(proxy));
        Socket serverSide = upstream.accept();

        assertMillis("server write to client read", 100, 100 + SLACK_MS, () -> {
            long start = System.nanoTime();
            serverSide.getOutputStream().write(PING);
            Loopback.readExactly(clientSide, PING.length);
            return Loopback.millisSince(start);
        });
    }

    @ParameterizedTest(name = "upstream {0} ms + downstream {1} ms")
    @CsvSource({"100, 100", "1000, 100", "100, 1000", "0, 0"})
    void a48_aRoundTripTakesTheSumOfBothDirections(long up, long down) throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().latency("up", ToxicDirection.UPSTREAM, up);
        proxy.toxics().latency("down", ToxicDirection.DOWNSTREAM, down);
        Socket s = net.connect(port(proxy));

        assertMillis("round trip", up + down, up + down + SLACK_MS, () -> roundTripMillis(s));
    }

    @Test
    void a48_twoLatencyToxicsOnOneStreamAddUp() throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().latency("first", ToxicDirection.DOWNSTREAM, 500);
        proxy.toxics().latency("second", ToxicDirection.DOWNSTREAM, 500);
        Socket s = net.connect(port(proxy));

        assertMillis("round trip", 1000, 1000 + SLACK_MS, () -> roundTripMillis(s));
    }

    @Test
    @Timeout(180) // 2,000 API calls: generous, so only a real hang fails it
    void a48_aThousandAddConnectWriteCloseRemoveCyclesNeitherHangNorCrash() throws Exception {
        Proxy proxy = echoProxy();

        for (int i = 0; i < 1000; i++) {
            Latency lat = proxy.toxics().latency("race", ToxicDirection.DOWNSTREAM, 10);
            try (Socket s = new Socket(Loopback.HOST, port(proxy))) {
                s.getOutputStream().write(PING);
            }
            lat.remove();
        }

        assertThat(proxy.toxics().getAll()).isEmpty();
        Loopback.roundTrip(net.connect(port(proxy)), PING);
    }

    @Test
    void a48_latencyDelaysChunksWithoutSerialisingThem() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 100);
        Socket clientSide = net.connect(port(proxy));
        Recorder received = net.record(upstream.accept());
        byte[] chunk = Loopback.pattern(12_000);

        long start = System.nanoTime();
        OutputStream out = clientSide.getOutputStream();
        for (int i = 0; i < 100; i++) {
            out.write(chunk);
        }
        received.awaitBytes(100 * chunk.length, Loopback.IO_TIMEOUT);

        // Delayed one after another, even 37 chunks of 32 KiB would take 3.7 s; delayed side by side, about 100 ms.
        long last = ms(received.arrivalOf(100 * chunk.length - 1), start);
        assertThat(last).isBetween(100L, 1100L);
    }

    @Test
    void b29_aToxicAddedToALiveConnectionAppliesAndResetRemovesIt() throws Exception {
        Proxy proxy = echoProxy();
        Socket s = net.connect(port(proxy));
        Loopback.roundTrip(s, PING);

        proxy.toxics().latency("late", ToxicDirection.DOWNSTREAM, 300);
        assertMillis("round trip with the toxic", 300, 300 + SLACK_MS, () -> roundTripMillis(s));
        client.reset();

        assertThat(roundTripMillis(s)).as("round trip after reset").isLessThan(300);
    }

    @Test
    void b30_jitterSpreadsRoundTripsOverLatencyPlusOrMinusJitter() throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().latency("jittery", ToxicDirection.DOWNSTREAM, 100).setJitter(50);
        Socket s = net.connect(port(proxy));

        List<Long> rtts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rtts.add(assertMillis("round trip " + i, 50, 150 + SLACK_MS, () -> roundTripMillis(s)));
        }

        // 20 uniform draws over 100 ms all within 20 ms of each other would happen once in ~10^13 runs
        assertThat(Collections.max(rtts) - Collections.min(rtts)).as("spread of %s", rtts).isGreaterThanOrEqualTo(20);
    }

    @Test
    void b30_pipelinedChunksAreNotDelayedCumulatively() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().latency("up", ToxicDirection.UPSTREAM, 200);

        assertMillis("the later of two writes 50 ms apart, each from its write", 200, 200 + SLACK_MS, () -> {
            Socket clientSide = net.connect(port(proxy));
            Recorder received = net.record(upstream.accept());
            long first = System.nanoTime();
            clientSide.getOutputStream().write('a');
            Thread.sleep(50);
            long second = System.nanoTime();
            clientSide.getOutputStream().write('b');
            received.awaitBytes(2, Loopback.IO_TIMEOUT);
            long firstDelay = ms(received.arrivalOf(0), first);
            assertThat(firstDelay).as("first write").isGreaterThanOrEqualTo(200);
            return Math.max(firstDelay, ms(received.arrivalOf(1), second));
        });
    }

    @Test
    void b31_removingALatencyToxicReleasesHeldDataAtOnce() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());

        assertMillis("from removal to arrival", 0, SLACK_MS, () -> {
            Latency lat = proxy.toxics().latency("long", ToxicDirection.UPSTREAM, 2000);
            Socket clientSide = net.connect(port(proxy));
            Recorder received = net.record(upstream.accept());
            clientSide.getOutputStream().write(PING);
            Thread.sleep(100);
            long removal = System.nanoTime();
            lat.remove();
            assertThat(received.awaitBytes(PING.length, Loopback.IO_TIMEOUT)).isEqualTo(PING);
            return ms(received.arrivalOf(0), removal);
        });
    }

    private static long roundTripMillis(Socket s) throws java.io.IOException {
        return TimeUnit.NANOSECONDS.toMillis(Loopback.roundTrip(s, PING));
    }
}
