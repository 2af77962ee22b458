package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import io.faultline.proxy.conformance.Loopback.Ending;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import io.faultline.proxy.conformance.RawApi.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Toxics changing under live connections (spec §4.3), and inputs that crash the real server (§10). */
class LiveToxicChangesTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a43_noDataIsLostOrReorderedWhileLatencyComesAndGoes() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        Socket clientSide = net.connect(port(proxy));
        Recorder received = net.record(upstream.accept());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger cycles = new AtomicInteger();
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            try {
                while (writing.get()) {
                    Latency lat = proxy.toxics().latency("churn", ToxicDirection.UPSTREAM, 5);
                    lat.remove();
                    cycles.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        OutputStream out = clientSide.getOutputStream();
        for (int v = 0; v < 65_535; v++) {
            out.write(new byte[] {(byte) (v >>> 8), (byte) v});
            if (v % 2048 == 0) {
                Thread.sleep(10); // lets the churn land between writes, not only after them
            }
        }
        writing.set(false);
        churn.get(10, TimeUnit.SECONDS);
        clientSide.close();

        Ending end = received.awaitEnd(Loopback.IO_TIMEOUT);
        assertThat(end).as("the upstream sees EOF").isNotNull();
        assertThat(end.how()).isEqualTo(How.EOF);
        byte[] got = received.bytes();
        assertThat(got).hasSize(2 * 65_535);
        for (int v = 0; v < 65_535; v++) {
            int value = ((got[2 * v] & 0xff) << 8) | (got[2 * v + 1] & 0xff);
            assertThat(value).as("value at position %d", v).isEqualTo(v);
        }
        assertThat(cycles.get()).as("add/remove cycles during the transfer").isGreaterThanOrEqualTo(5);
    }

    @Test
    void a45_aStatefulToxicAddedToALiveConnectionStartsFresh() throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        Socket clientSide = net.connect(port(proxy));
        Recorder received = net.record(upstream.accept());
        byte[] data = Loopback.pattern(70);
        clientSide.getOutputStream().write(data, 0, 50);
        received.awaitBytes(50, Loopback.IO_TIMEOUT);

        proxy.toxics().limitData("limit", ToxicDirection.UPSTREAM, 10);
        clientSide.getOutputStream().write(data, 50, 20);

        Ending end = received.awaitEnd(Loopback.IO_TIMEOUT);
        assertThat(end).isNotNull();
        assertThat(received.bytes()).isEqualTo(Arrays.copyOf(data, 60));
    }

    @Test
    void a45_removingStalledToxicsFromABrokenConnectionDoesNotHang() throws Exception {
        Proxy proxy = echoProxy();
        Bandwidth up = proxy.toxics().bandwidth("cut-up", ToxicDirection.UPSTREAM, 0);
        Bandwidth down = proxy.toxics().bandwidth("cut-down", ToxicDirection.DOWNSTREAM, 0);
        Socket s = net.connect(port(proxy));
        s.getOutputStream().write(PING);
        Thread.sleep(50);
        s.close();

        long start = System.nanoTime();
        up.remove();
        down.remove();

        assertThat(Loopback.millisSince(start)).as("removing both toxics").isLessThan(5000);
        Loopback.roundTrip(net.connect(port(proxy)), PING);
    }

    @Test
    void a46_aConnectionKeepsWorkingWhileNoopToxicsComeAndGo() throws Exception {
        Proxy proxy = echoProxy();
        String toxics = "/proxies/" + proxy.getName() + "/toxics";
        Socket s = net.connect(port(proxy));
        Loopback.roundTrip(s, PING);

        addToxic(proxy.getName(), "{\"name\":\"n-up\",\"type\":\"noop\",\"stream\":\"upstream\"}");
        Loopback.roundTrip(s, PING);
        addToxic(proxy.getName(), "{\"name\":\"n-down\",\"type\":\"noop\",\"stream\":\"downstream\"}");
        Loopback.roundTrip(s, PING);
        assertThat(api.delete(toxics + "/n-up").status()).isEqualTo(204);
        Loopback.roundTrip(s, PING);
        assertThat(api.post("/reset", null).status()).isEqualTo(204);
        Loopback.roundTrip(s, PING);

        AtomicBoolean echoing = new AtomicBoolean(true);
        AtomicInteger cycles = new AtomicInteger();
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            while (echoing.get()) {
                for (Response r : new Response[] {
                        api.post(toxics, "{\"name\":\"c-up\",\"type\":\"noop\",\"stream\":\"upstream\"}"),
                        api.post(toxics, "{\"name\":\"c-down\",\"type\":\"noop\",\"stream\":\"downstream\"}"),
                        api.delete(toxics + "/c-up"),
                        api.delete(toxics + "/c-down")}) {
                    if (r.status() / 100 != 2) {
                        throw new IllegalStateException("toxic churn got " + r);
                    }
                }
                cycles.incrementAndGet();
            }
        });
        for (int i = 0; i < 100; i++) {
            Loopback.roundTrip(s, new byte[] {(byte) i, (byte) (i + 1)});
        }
        echoing.set(false);
        churn.get(10, TimeUnit.SECONDS);

        assertThat(cycles.get()).isPositive();
    }

    /** §10: the real server accepts these and then dies on the first data; ours must accept them and stay up. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":-1}}",
        "{\"type\":\"slicer\",\"attributes\":{\"average_size\":10,\"size_variation\":20,\"delay\":0}}",
        "{\"type\":\"slicer\",\"attributes\":{\"average_size\":0,\"size_variation\":0,\"delay\":0}}"})
    void b40_crashInputsAreAcceptedAndTheServerStaysUp(String toxic) throws Exception {
        Proxy bystander = echoProxy();
        Socket live = net.connect(port(bystander));
        Loopback.roundTrip(live, PING);
        Proxy victim = echoProxy();

        Response created = api.post("/proxies/" + victim.getName() + "/toxics", toxic);
        Socket s = net.connect(port(victim));
        s.getOutputStream().write(PING);
        Loopback.awaitEnd(s, ms(500));

        assertThat(created.status()).isEqualTo(200);
        JsonNode given = new ObjectMapper().readTree(toxic).path("attributes");
        assertThat(created.json().path("attributes")).isEqualTo(given);
        assertThat(api.get("/version").status()).isEqualTo(200);
        Loopback.roundTrip(live, PING);
        Loopback.roundTrip(net.connect(port(echoProxy())), PING);
    }
}
