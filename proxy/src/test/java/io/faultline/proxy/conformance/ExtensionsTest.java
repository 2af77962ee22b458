package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import io.faultline.proxy.conformance.RawApi.Response;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Faultline's answers to two asks of spec §9 that Toxiproxy lacks (§6), in the wire format the
 * implementation chose:
 * <ul>
 * <li>"Toxics not applied to all connections; wants atomic proxy+toxic creation" (#148, #79): a
 *     {@code toxics} array in a {@code POST /proxies} or {@code /populate} entry, installed before the
 *     listener opens;
 * <li>"cutting one direction only" (#479): a {@code cut} toxic that holds everything in its direction
 *     while the other flows, delivers what it held when removed, and with {@code timeout} &gt; 0 resets
 *     a connection whose data has been held that long.
 * </ul>
 */
class ExtensionsTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final String SLOW = "{\"name\":\"slow\",\"type\":\"latency\",\"attributes\":{\"latency\":200}}";

    @Test
    void atomicCreation_theVeryFirstConnectionHasTheToxics() throws Exception {
        String p = name("atomic");

        Response r = api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','toxics':[",
                p, net.echoServer().address()) + SLOW + "]}");

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().path("toxics").get(0).path("name").asText()).isEqualTo("slow");
        Socket first = net.connect(Loopback.port(r.json().path("listen").asText()));
        assertMillis("round trip on the very first connection", 200, 200 + SLACK_MS, () -> roundTripMillis(first));
    }

    @Test
    void atomicCreation_aBadToxicCreatesNothing() throws Exception {
        int port = Loopback.unusedPort();
        String p = name("atomic");

        Response r = api.post("/proxies", json("{'name':'%s','listen':'%s','upstream':'%s','toxics':[%s,{'type':'walrus'}]}",
                p, Loopback.address(port), net.echoServer().address(), SLOW.replace('"', '\'')));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("invalid toxic type");
        assertThat(api.get("/proxies/" + p).status()).isEqualTo(404);
        assertThat(Loopback.isListening(port)).isFalse();
    }

    @Test
    void atomicCreation_populateEntriesCarryToxicsToo() throws Exception {
        String p = name("populated");

        Response r = api.post("/populate", json("[{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','toxics':[",
                p, net.echoServer().address()) + SLOW + "]}]");

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        Socket first = net.connect(port(client.getProxy(p)));
        assertMillis("round trip on the very first connection", 200, 200 + SLACK_MS, () -> roundTripMillis(first));
    }

    @Test
    void cut_holdsOneDirectionWhileTheOtherFlowsAndDeliversOnRemoval() throws Exception {
        Upstream upstream = net.upstream();
        String p = proxyTo(upstream.address()).getName();
        addToxic(p, "{\"name\":\"cut\",\"type\":\"cut\",\"stream\":\"upstream\"}");
        Socket clientSide = net.connect(port(client.getProxy(p)));
        Socket serverSide = upstream.accept();
        Recorder serverReceived = net.record(serverSide);

        clientSide.getOutputStream().write(PING);
        serverSide.getOutputStream().write(PONG);

        assertThat(Loopback.readExactly(clientSide, PONG.length)).as("the other direction flows").isEqualTo(PONG);
        assertThat(serverReceived.awaitEnd(ms(300))).as("the cut connection stays open").isNull();
        assertThat(serverReceived.count()).as("nothing crosses the cut").isZero();
        assertThat(api.delete("/proxies/" + p + "/toxics/cut").status()).isEqualTo(204);
        assertThat(serverReceived.awaitBytes(PING.length, Loopback.IO_TIMEOUT)).isEqualTo(PING);
    }

    @Test
    void cut_withTimeoutResetsAConnectionWhoseDataWasHeldThatLongButNotAnIdleOne() throws Exception {
        Upstream upstream = net.upstream();
        String p = proxyTo(upstream.address()).getName();
        addToxic(p, "{\"name\":\"cut\",\"type\":\"cut\",\"stream\":\"upstream\",\"attributes\":{\"timeout\":200}}");
        int port = port(client.getProxy(p));
        Socket idle = net.connect(port);
        upstream.accept();

        assertMillis("from the held write to the reset", 200, 200 + SLACK_MS, () -> {
            Socket busy = net.connect(port);
            Socket busyServer = upstream.accept();
            long start = System.nanoTime();
            busy.getOutputStream().write(PING);
            Loopback.Ending clientEnd = Loopback.awaitEnd(busy, Loopback.IO_TIMEOUT);
            assertThat(clientEnd.how()).isEqualTo(How.RESET);
            assertThat(Loopback.awaitEnd(busyServer, Loopback.IO_TIMEOUT).how()).isEqualTo(How.RESET);
            return TimeUnit.NANOSECONDS.toMillis(clientEnd.atNanos() - start);
        });
        assertThat(Loopback.awaitEnd(idle, ms(100)).how()).isEqualTo(How.STILL_OPEN);
    }

    private static long roundTripMillis(Socket s) throws java.io.IOException {
        return TimeUnit.NANOSECONDS.toMillis(Loopback.roundTrip(s, PING));
    }
}
