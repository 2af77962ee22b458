package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.conformance.Loopback.How;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets the status and error body of spec §1.1, and the server keeps serving: the API
 * answers, a connection opened before still echoes, and a new proxy works.
 */
class BadInputTest extends ConformanceSupport {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private Proxy proxy;
    private Socket live;

    @BeforeEach
    void openALiveConnection() throws Exception {
        proxy = echoProxy();
        live = net.connect(port(proxy));
        Loopback.roundTrip(live, PING);
    }

    private void assertStillServing() throws Exception {
        assertThat(api.get("/version").status()).isEqualTo(200);
        Loopback.roundTrip(live, PING);
        Loopback.roundTrip(net.connect(port(echoProxy())), PING);
    }

    @Test
    void anUnknownToxicType() throws Exception {
        assertError(api.post("/proxies/" + proxy.getName() + "/toxics", "{\"name\":\"x\",\"type\":\"packet_loss\"}"),
                400, "invalid toxic type");

        assertThat(proxy.toxics().getAll()).isEmpty();
        assertStillServing();
    }

    @Test
    void aDuplicateProxyName() throws Exception {
        assertError(api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}",
                proxy.getName(), proxy.getUpstream())), 409, "proxy already exists");

        assertStillServing();
    }

    @Test
    void aDuplicateToxicName() throws Exception {
        proxy.toxics().latency("once", ToxicDirection.UPSTREAM, 0);

        assertError(api.post("/proxies/" + proxy.getName() + "/toxics", "{\"name\":\"once\",\"type\":\"timeout\"}"),
                409, "toxic already exists");

        assertThat(names(proxy.toxics().getAll())).containsExactly("once");
        assertStillServing();
    }

    @Test
    void malformedJsonEverywhere() throws Exception {
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 0);
        String p = "/proxies/" + proxy.getName();

        assertErrorStartsWith(api.post("/proxies", "{\"name\":"), 400, "bad request body: ");
        assertErrorStartsWith(api.patch(p, "{\"listen\":"), 400, "bad request body: ");
        assertErrorStartsWith(api.post(p + "/toxics", "{{"), 400, "bad request body: ");
        assertErrorStartsWith(api.patch(p + "/toxics/lat", "not json"), 400, "bad request body: ");
        assertThat(api.post("/populate", "[{\"name\":").status()).isEqualTo(400);

        assertThat(client.getProxy(proxy.getName()).getListen()).isEqualTo(proxy.getListen());
        assertStillServing();
    }

    @Test
    void aListenPortInUse() throws Exception {
        String busy = Loopback.address(net.occupyPort().getLocalPort());

        assertError(api.post("/proxies", json("{'name':'%s','listen':'%s','upstream':'%s'}",
                name("busy"), busy, proxy.getUpstream())), 500, "listen tcp " + busy + ": bind: address already in use");

        assertStillServing();
    }

    @Test
    void anUpstreamThatRefuses() throws Exception {
        Proxy refused = proxyTo(Loopback.address(Loopback.unusedPort()));

        for (int i = 0; i < 20; i++) {
            assertThat(Loopback.awaitEnd(net.connect(port(refused)), Loopback.IO_TIMEOUT).how()).isEqualTo(How.EOF);
        }

        assertThat(client.getProxy(refused.getName()).isEnabled()).isTrue();
        assertStillServing();
    }
}
