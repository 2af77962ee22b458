package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.faultline.proxy.ToxiproxyServer;
import io.faultline.proxy.conformance.RawApi.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * One server per test class on 127.0.0.1 with an ephemeral port, reached through toxiproxy-java and
 * by raw HTTP. After each test every proxy is deleted and every fixture socket closed, so tests in a
 * class share the server but not its state. Test methods start with the checklist item they cover
 * ({@code a24_...}, {@code b11_...}); see proxy/CONFORMANCE.md.
 */
@Timeout(60)
abstract class ConformanceSupport {
    /**
     * What a timing may exceed its configured value by on a shared, noisy machine. Lower bounds are
     * strict: a 100 ms latency must take at least 100 ms.
     */
    static final long SLACK_MS = 60;

    private static final AtomicInteger NAMES = new AtomicInteger();

    static ToxiproxyServer server;
    static RawApi api;

    /** A fresh client per test: toxiproxy-java's reset() re-reads every proxy it ever handed out. */
    ToxiproxyClient client;
    final Loopback net = new Loopback();

    @BeforeAll
    static void startServer() throws IOException {
        server = ToxiproxyServer.start(Loopback.HOST, 0);
        api = new RawApi(Loopback.HOST, server.port());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newClient() {
        client = new ToxiproxyClient(Loopback.HOST, server.port());
    }

    @AfterEach
    void deleteProxiesAndCloseSockets() {
        net.close();
        Response all = api.get("/proxies");
        if (all.status() == 200) {
            for (Iterator<String> names = all.json().fieldNames(); names.hasNext(); ) {
                api.delete("/proxies/" + names.next().replace(" ", "%20"));
            }
        }
    }

    /** A proxy name no other test uses. */
    static String name(String hint) {
        return hint + "-" + NAMES.incrementAndGet();
    }

    /** A proxy on an ephemeral loopback port to {@code upstream}, created through toxiproxy-java. */
    Proxy proxyTo(String upstream) throws IOException {
        return client.createProxy(name("p"), Loopback.address(0), upstream);
    }

    /** A proxy in front of a fresh echo server. */
    Proxy echoProxy() throws IOException {
        return proxyTo(net.echoServer().address());
    }

    static int port(Proxy proxy) {
        return Loopback.port(proxy.getListen());
    }

    /** Creates a toxic by raw HTTP and checks it was accepted. */
    static void addToxic(String proxy, String json) {
        Response r = api.post("/proxies/" + proxy + "/toxics", json);
        assertThat(r.status()).as("adding toxic %s: %s", json, r).isEqualTo(200);
    }

    /** Status, and the {@code error} and {@code status} members of a Toxiproxy error body. */
    static void assertError(Response r, int status, String message) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.error()).as("error of %s", r).isEqualTo(message);
        assertThat(r.json().path("status").asInt()).as("status member of %s", r).isEqualTo(status);
    }

    static void assertErrorStartsWith(Response r, int status, String prefix) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.error()).as("error of %s", r).startsWith(prefix);
    }

    static List<String> names(Iterable<? extends eu.rekawek.toxiproxy.model.Toxic> toxics) {
        List<String> names = new ArrayList<>();
        toxics.forEach(t -> names.add(t.getName()));
        return names;
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** One attempt at a timed scenario, returning the duration it measured in ms. */
    @FunctionalInterface
    interface Timed {
        long millis() throws Exception;
    }

    /**
     * A duration that must be at least {@code atLeast} ms and under {@code under} ms. Load on a shared
     * machine only ever adds time, so a sample below the lower bound fails at once, while one at or
     * over the upper bound is measured again, three attempts in all: a server that is really too slow
     * fails every one of them, and the failure lists them all.
     */
    static long assertMillis(String what, long atLeast, long under, Timed attempt) throws Exception {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long ms = attempt.millis();
            samples.add(ms);
            assertThat(ms).as("%s: at least %d ms; samples %s", what, atLeast, samples).isGreaterThanOrEqualTo(atLeast);
            if (ms < under) {
                return ms;
            }
        }
        throw new AssertionError(what + ": every attempt took " + under + " ms or more: " + samples + " ms");
    }
}
