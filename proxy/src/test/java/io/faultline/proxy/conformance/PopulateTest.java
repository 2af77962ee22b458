package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.conformance.Loopback.How;
import io.faultline.proxy.conformance.RawApi.Response;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code POST /populate} (spec §2.1): creation in order, validation before anything changes, keep or replace. */
class PopulateTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private static String entry(String name, String listen, String upstream) {
        return json("{'name':'%s','listen':'%s','upstream':'%s'}", name, listen, upstream);
    }

    private static String disabledEntry(String name, String listen, String upstream) {
        return json("{'name':'%s','listen':'%s','upstream':'%s','enabled':false}", name, listen, upstream);
    }

    @Test
    void a7_twoProxiesComeBackInRequestOrderAndBothListen() throws Exception {
        String upstream = net.echoServer().address();
        String a = name("zz-first");
        String b = name("aa-second");

        Response r = api.post("/populate",
                "[" + entry(a, "127.0.0.1:0", upstream) + "," + entry(b, "127.0.0.1:0", upstream) + "]");

        assertThat(r.status()).isEqualTo(201);
        JsonNode proxies = r.json().path("proxies");
        assertThat(proxies.size()).isEqualTo(2);
        assertThat(proxies.get(0).path("name").asText()).isEqualTo(a);
        assertThat(proxies.get(1).path("name").asText()).isEqualTo(b);
        for (JsonNode p : proxies) {
            Loopback.roundTrip(net.connect(Loopback.port(p.path("listen").asText())), PING);
        }
    }

    @Test
    void a8_entriesWithoutEnabledAreCreatedEnabled() throws Exception {
        Response r = api.post("/populate", "[" + entry(name("default"), "127.0.0.1:0", net.echoServer().address()) + "]");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode proxy = r.json().path("proxies").get(0);
        assertThat(proxy.path("enabled").asBoolean()).isTrue();
        assertThat(Loopback.isListening(Loopback.port(proxy.path("listen").asText()))).isTrue();
    }

    @Test
    void a9_aDisabledEntryDoesNotListenWhileItsSiblingsDo() throws Exception {
        String upstream = net.echoServer().address();
        int offPort = Loopback.unusedPort();
        String off = name("off");
        String on = name("on");

        Response r = api.post("/populate", "[" + disabledEntry(off, Loopback.address(offPort), upstream) + ","
                + entry(on, "127.0.0.1:0", upstream) + "]");

        assertThat(r.status()).isEqualTo(201);
        assertThat(client.getProxy(off).isEnabled()).isFalse();
        assertThat(Loopback.isListening(offPort)).isFalse();
        assertThat(client.getProxy(on).isEnabled()).isTrue();
        Loopback.roundTrip(net.connect(port(client.getProxy(on))), PING);
    }

    @Test
    void a10_unchangedProxiesAreKeptChangedOnesReplacedListensResolved() throws Exception {
        String upstream = net.echoServer().address();
        int keptPort = Loopback.unusedPort();
        int replacedPort = Loopback.unusedPort();
        String kept = name("kept");
        String replaced = name("replaced");
        api.post("/populate", "[" + entry(kept, "localhost:" + keptPort, upstream) + ","
                + entry(replaced, Loopback.address(replacedPort), upstream) + "]");
        client.getProxy(kept).toxics().latency("kept-lat", ToxicDirection.DOWNSTREAM, 10);
        client.getProxy(replaced).toxics().latency("lost-lat", ToxicDirection.DOWNSTREAM, 10);

        Response r = api.post("/populate", "[" + entry(kept, Loopback.address(keptPort), upstream) + ","
                + entry(replaced, Loopback.address(replacedPort), net.echoServer().address()) + "]");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("proxies").get(0).path("listen").asText()).isEqualTo(Loopback.address(keptPort));
        assertThat(names(client.getProxy(kept).toxics().getAll())).containsExactly("kept-lat");
        assertThat(client.getProxy(replaced).toxics().getAll()).isEmpty();
    }

    @Test
    void a10_listenAddressesAreReturnedResolved() throws Exception {
        int port = Loopback.unusedPort();

        Response r = api.post("/populate", "[" + entry(name("resolved"), "localhost:" + port, net.echoServer().address()) + "]");

        assertThat(r.json().path("proxies").get(0).path("listen").asText()).isEqualTo(Loopback.address(port));
    }

    @Test
    void a11_anEntryWithoutANameRefusesTheWholeBatch() throws Exception {
        String upstream = net.echoServer().address();
        String first = name("would-be-first");

        Response r = api.post("/populate", "[" + entry(first, "127.0.0.1:0", upstream) + ","
                + json("{'listen':'127.0.0.1:0','upstream':'%s'}", upstream) + "]");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).isEqualTo("missing required field: name at proxy 2");
        assertThat(api.get("/proxies/" + first).status()).isEqualTo(404);
    }

    @Test
    void a11_anEntryWithoutAnUpstreamIsNamedByIndexToo() throws Exception {
        String first = name("would-be-first");

        Response r = api.post("/populate", "[" + entry(first, "127.0.0.1:0", net.echoServer().address()) + ","
                + entry(name("x"), "127.0.0.1:0", net.echoServer().address()) + ","
                + json("{'name':'%s','listen':'127.0.0.1:0'}", name("noup")) + "]");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").asText()).isEqualTo("missing required field: upstream at proxy 3");
        assertThat(api.get("/proxies/" + first).status()).isEqualTo(404);
    }

    @Test
    void a12_aFailingEntryStopsTheBatchButKeepsWhatWasDone() throws Exception {
        String upstream = net.echoServer().address();
        String before = name("before");
        String bad = name("bad");
        String after = name("after");

        Response r = api.post("/populate", "[" + entry(before, "127.0.0.1:0", upstream) + ","
                + entry(bad, "local373", upstream) + "," + entry(after, "127.0.0.1:0", upstream) + "]");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("error").asText()).isEqualTo("listen tcp: address local373: missing port in address");
        assertThat(r.json().path("proxies").size()).isEqualTo(1);
        assertThat(r.json().path("proxies").get(0).path("name").asText()).isEqualTo(before);
        assertThat(api.get("/proxies/" + before).status()).isEqualTo(200);
        assertThat(api.get("/proxies/" + bad).status()).isEqualTo(404);
        assertThat(api.get("/proxies/" + after).status()).isEqualTo(404);
    }

    @Test
    void a13_toxicsCanBeAddedToAPopulatedProxy() throws Exception {
        String p = name("populated");
        api.post("/populate", "[" + entry(p, "127.0.0.1:0", net.echoServer().address()) + "]");

        client.getProxy(p).toxics().latency("lat", ToxicDirection.UPSTREAM, 10);

        assertThat(names(client.getProxy(p).toxics().getAll())).containsExactly("lat");
    }

    @Test
    void b23_anEmptyArrayIsCreatedWithNullProxiesAndAnObjectIsRefused() {
        Response empty = api.post("/populate", "[]");

        assertThat(empty.status()).isEqualTo(201);
        assertThat(empty.json().has("proxies")).isTrue();
        assertThat(empty.json().path("proxies").isNull()).as("body %s", empty.body()).isTrue();
        assertThat(api.post("/populate", "{}").status()).isEqualTo(400);
    }

    @Test
    void b24_anUnchangedProxyKeepsToxicsConnectionsAndEnabledEvenWhenTheEntrySaysDisabled() throws Exception {
        String upstream = net.echoServer().address();
        int port = Loopback.unusedPort();
        String p = name("kept");
        api.post("/populate", "[" + entry(p, Loopback.address(port), upstream) + "]");
        client.getProxy(p).toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        Socket live = net.connect(port);
        Loopback.roundTrip(live, PING);

        Response r = api.post("/populate", "[" + disabledEntry(p, "localhost:" + port, upstream) + "]");

        assertThat(r.status()).isEqualTo(201);
        assertThat(client.getProxy(p).isEnabled()).isTrue();
        assertThat(names(client.getProxy(p).toxics().getAll())).containsExactly("lat");
        Loopback.roundTrip(live, PING);
    }

    @Test
    void b24_aChangedEntryReplacesTheProxyDroppingToxicsAndConnections() throws Exception {
        int port = Loopback.unusedPort();
        String p = name("replaced");
        api.post("/populate", "[" + entry(p, Loopback.address(port), net.echoServer().address()) + "]");
        client.getProxy(p).toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        Socket live = net.connect(port);
        Loopback.roundTrip(live, PING);

        Response r = api.post("/populate", "[" + entry(p, Loopback.address(port), net.echoServer().address()) + "]");

        assertThat(r.status()).isEqualTo(201);
        assertThat(client.getProxy(p).toxics().getAll()).isEmpty();
        assertThat(Loopback.awaitEnd(live, Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        Loopback.roundTrip(net.connect(port), PING);
    }
}
