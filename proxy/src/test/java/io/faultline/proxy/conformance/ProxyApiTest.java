package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.Proxy;
import io.faultline.proxy.conformance.RawApi.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Creating, reading, updating and deleting proxies (spec §2, §3.1, §4.4): statuses, bodies, stored fields. */
class ProxyApiTest extends ConformanceSupport {

    @Test
    void a5_aProxyWithoutANameIsRefused() {
        assertError(api.post("/proxies", "{\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
        assertError(api.post("/proxies", "{\"name\":\"\",\"upstream\":\"127.0.0.1:1\"}"),
                400, "missing required field: name");
    }

    @Test
    void a6_aProxyWithoutAnUpstreamIsRefused() {
        assertError(api.post("/proxies", json("{'name':'%s'}", name("noup"))), 400, "missing required field: upstream");
        assertError(api.post("/proxies", json("{'name':'%s','upstream':''}", name("noup"))),
                400, "missing required field: upstream");
    }

    @Test
    void a14_theListIsKeyedByNameWithResolvedListenAndVerbatimUpstream() throws Exception {
        int listen = Loopback.unusedPort();
        String upstream = "localhost:" + Loopback.unusedPort();
        String p = name("listed");
        client.createProxy(p, "localhost:" + listen, upstream);

        JsonNode entry = api.get("/proxies").json().path(p);

        assertThat(entry.path("name").asText()).isEqualTo(p);
        assertThat(entry.path("listen").asText()).isEqualTo("127.0.0.1:" + listen);
        assertThat(entry.path("upstream").asText()).isEqualTo(upstream);
        assertThat(entry.path("enabled").asBoolean()).isTrue();
        assertThat(entry.path("toxics").isArray()).isTrue();
        assertThat(entry.path("toxics").size()).isZero();
        assertThat(client.getProxies()).extracting(Proxy::getName).contains(p);
    }

    @Test
    void a15_getReturnsTheProxyEnabled() throws Exception {
        int listen = Loopback.unusedPort();
        String upstream = "localhost:" + Loopback.unusedPort();
        String p = name("got");
        client.createProxy(p, "localhost:" + listen, upstream);

        Proxy got = client.getProxy(p);

        assertThat(got.getName()).isEqualTo(p);
        assertThat(got.getListen()).isEqualTo("127.0.0.1:" + listen);
        assertThat(got.getUpstream()).isEqualTo(upstream);
        assertThat(got.isEnabled()).isTrue();
    }

    @Test
    void a17_aProxyCreatedDisabledKeepsItsListenTextAndDoesNotListen() throws Exception {
        int listen = Loopback.unusedPort();
        String p = name("off");

        Response r = api.post("/proxies", json("{'name':'%s','listen':'localhost:%d','upstream':'%s','enabled':false}",
                p, listen, net.echoServer().address()));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("enabled").asBoolean()).isFalse();
        assertThat(r.json().path("listen").asText()).isEqualTo("localhost:" + listen);
        assertThat(client.getProxy(p).isEnabled()).isFalse();
        assertThat(client.getProxy(p).getListen()).isEqualTo("localhost:" + listen);
        assertThat(Loopback.isListening(listen)).isFalse();
    }

    @Test
    void a19_deleteStopsListeningAndASecondDeleteIsNotFound() throws Exception {
        Proxy proxy = echoProxy();
        int port = port(proxy);
        assertThat(Loopback.isListening(port)).isTrue();

        proxy.delete();

        assertThat(Loopback.isListening(port)).isFalse();
        assertThat(api.get("/proxies").json().has(proxy.getName())).isFalse();
        assertError(api.delete("/proxies/" + proxy.getName()), 404, "proxy not found");
    }

    @Test
    void a20_aListenHeldByAnotherProxyIsABindErrorUntilTheHolderIsDeleted() throws Exception {
        Proxy holder = echoProxy();
        String p = name("second");
        String body = json("{'name':'%s','listen':'%s','upstream':'%s'}", p, holder.getListen(), holder.getUpstream());

        Response conflict = api.post("/proxies", body);

        assertError(conflict, 500, "listen tcp " + holder.getListen() + ": bind: address already in use");
        assertThat(api.get("/proxies/" + p).status()).isEqualTo(404);
        holder.delete();
        assertThat(api.post("/proxies", body).status()).isEqualTo(201);
    }

    @Test
    void a21_aDuplicateNameIsAConflictUntilTheFirstIsDeleted() throws Exception {
        Proxy first = echoProxy();

        assertThatThrownBy(() -> client.createProxy(first.getName(), "127.0.0.1:0", first.getUpstream()))
                .isInstanceOf(IOException.class).hasMessage("[409] proxy already exists");
        assertError(api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}",
                first.getName(), first.getUpstream())), 409, "proxy already exists");

        first.delete();
        assertThat(client.createProxy(first.getName(), "127.0.0.1:0", first.getUpstream()).getName())
                .isEqualTo(first.getName());
    }

    @Test
    void a42_namesAreUniqueAndEnabledFollowsWhetherTheProxyStarted() throws Exception {
        String upstream = net.echoServer().address();
        String stopped = name("stopped");
        String started = name("started");
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','enabled':false}", stopped, upstream));
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}", started, upstream));

        assertThat(api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}", started, upstream))
                .status()).isEqualTo(409);
        JsonNode all = api.get("/proxies").json();
        assertThat(all.path(stopped).path("enabled").asBoolean()).isFalse();
        assertThat(all.path(started).path("enabled").asBoolean()).isTrue();

        client.getProxy(started).delete();
        assertError(api.get("/proxies/" + started), 404, "proxy not found");
        assertThat(client.getProxyOrNull(started)).isNull();
    }

    @Test
    void b1_createProxyIs201WithTheProxyAndAnEmptyToxicList() throws Exception {
        String p = name("created");
        String upstream = net.echoServer().address();

        Response r = api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}", p, upstream));

        assertThat(r.status()).isEqualTo(201);
        JsonNode proxy = r.json();
        assertThat(proxy.path("name").asText()).isEqualTo(p);
        assertThat(proxy.path("listen").asText()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(proxy.path("upstream").asText()).isEqualTo(upstream);
        assertThat(proxy.path("enabled").isBoolean()).isTrue();
        assertThat(proxy.path("enabled").asBoolean()).isTrue();
        assertThat(proxy.path("toxics").isArray()).isTrue();
        assertThat(proxy.path("toxics").size()).isZero();
    }

    @Test
    void b1_createToxicIs200NotCreated() throws Exception {
        Proxy proxy = echoProxy();

        Response r = api.post("/proxies/" + proxy.getName() + "/toxics", "{\"type\":\"latency\"}");

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void b2_deletesAndResetAre204WithAnEmptyBody() throws Exception {
        Proxy proxy = echoProxy();
        proxy.toxics().latency("lat", eu.rekawek.toxiproxy.model.ToxicDirection.DOWNSTREAM, 10);

        List<Response> responses = List.of(
                api.delete("/proxies/" + proxy.getName() + "/toxics/lat"),
                api.post("/reset", "this body is not even JSON"),
                api.post("/reset", null),
                api.delete("/proxies/" + proxy.getName()));

        for (Response r : responses) {
            assertThat(r.status()).as("%s", r).isEqualTo(204);
            assertThat(r.body()).as("%s", r).isEmpty();
        }
    }

    @Test
    void b8_aListenWithoutAPortIsA500WithTheParseError() {
        String p = name("noport");

        Response r = api.post("/proxies", json("{'name':'%s','listen':'local373','upstream':'127.0.0.1:1'}", p));

        assertError(r, 500, "listen tcp: address local373: missing port in address");
        assertThat(api.get("/proxies/" + p).status()).isEqualTo(404);
    }

    @Test
    void b8_aListenOnABusyPortIsA500WithTheBindError() throws Exception {
        ServerSocket busy = net.occupyPort();
        String listen = Loopback.address(busy.getLocalPort());
        String p = name("busy");

        Response r = api.post("/proxies", json("{'name':'%s','listen':'%s','upstream':'127.0.0.1:1'}", p, listen));

        assertError(r, 500, "listen tcp " + listen + ": bind: address already in use");
        assertThat(api.get("/proxies/" + p).status()).isEqualTo(404);
    }

    @Test
    void b9_anOmittedListenBindsARandomPortOnTheApisHost() throws Exception {
        // Deliberately not matched: toxiproxy-server binds every interface ("[::]:port"); a server
        // embedded in tests binds the API's own host (127.0.0.1 here), so nothing opens to the network.
        String p = name("anywhere");

        Response r = api.post("/proxies", json("{'name':'%s','upstream':'%s'}", p, net.echoServer().address()));

        assertThat(r.status()).isEqualTo(201);
        String listen = r.json().path("listen").asText();
        assertThat(listen).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(Loopback.isListening(Loopback.port(listen))).isTrue();
    }

    @Test
    void b9_aDisabledProxyReportsPortZeroUntilItStarts() throws Exception {
        String p = name("zero");
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','enabled':false}",
                p, net.echoServer().address()));

        assertThat(client.getProxy(p).getListen()).isEqualTo("127.0.0.1:0");
        Response started = api.patch("/proxies/" + p, "{\"enabled\":true}");

        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().path("listen").asText()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
    }

    @Test
    void b19_anUpdateIgnoresNameAndTakesAnySubsetByPatchOrPost() throws Exception {
        Proxy proxy = echoProxy();
        String p = proxy.getName();
        String otherUpstream = net.echoServer().address();

        Response renamed = api.patch("/proxies/" + p, json("{'name':'renamed','upstream':'%s'}", otherUpstream));

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("name").asText()).isEqualTo(p);
        assertThat(renamed.json().path("upstream").asText()).isEqualTo(otherUpstream);
        assertThat(renamed.json().path("listen").asText()).isEqualTo(proxy.getListen());
        assertThat(renamed.json().path("enabled").asBoolean()).isTrue();
        assertThat(api.get("/proxies/renamed").status()).isEqualTo(404);

        Response nothing = api.patch("/proxies/" + p, "{}");
        assertThat(nothing.status()).isEqualTo(200);
        assertThat(nothing.json().path("upstream").asText()).isEqualTo(otherUpstream);

        Response viaPost = api.post("/proxies/" + p, "{\"enabled\":false}");
        assertThat(viaPost.status()).isEqualTo(200);
        assertThat(viaPost.json().path("enabled").asBoolean()).isFalse();
        assertThat(viaPost.json().path("upstream").asText()).isEqualTo(otherUpstream);
    }

    @Test
    void b21_anUnparsableListenUpdateIsA500AndChangesNothing() throws Exception {
        Proxy proxy = echoProxy();

        Response r = api.patch("/proxies/" + proxy.getName(), "{\"listen\":\"bad\"}");

        assertError(r, 500, "address bad: missing port in address");
        Proxy after = client.getProxy(proxy.getName());
        assertThat(after.getListen()).isEqualTo(proxy.getListen());
        assertThat(after.isEnabled()).isTrue();
        assertThat(Loopback.isListening(port(proxy))).isTrue();
    }

    /**
     * The real server leaves the proxy disabled with the new listen stored. §10 lets a compatible
     * server keep the proxy unchanged instead (and say so); either outcome is whole, nothing in between.
     */
    @Test
    void b22_aBusyListenUpdateIsA500AndLeavesAWholeState() throws Exception {
        Proxy proxy = echoProxy();
        String busy = Loopback.address(net.occupyPort().getLocalPort());

        Response r = api.patch("/proxies/" + proxy.getName(), json("{'listen':'%s'}", busy));

        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(r.error()).endsWith("bind: address already in use");
        Proxy after = client.getProxy(proxy.getName());
        if (after.isEnabled()) {
            assertThat(after.getListen()).as("enabled after a failed move: must be unchanged").isEqualTo(proxy.getListen());
            assertThat(Loopback.isListening(port(proxy))).isTrue();
        } else {
            assertThat(after.getListen()).as("disabled after a failed move: new listen stored").isEqualTo(busy);
            assertThat(Loopback.isListening(port(proxy))).isFalse();
        }
    }
}
