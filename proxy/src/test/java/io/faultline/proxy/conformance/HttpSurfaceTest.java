package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.proxy.ToxiproxyServer;
import io.faultline.proxy.conformance.RawApi.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cross-cutting HTTP behaviour (spec §1, §2): headers, the browser guard, routing, JSON decoding. */
class HttpSurfaceTest extends ConformanceSupport {
    private static final String REQUEST_ID = "X-Toxiproxy-Request-Id";
    private static final String TEXT = "text/plain; charset=utf-8";

    @Test
    void a1_everyRoutedResponseCarriesARequestId() throws Exception {
        String upstream = net.echoServer().address();
        String p = name("ids");
        List<Response> responses = List.of(
                api.get("/version"),
                api.get("/proxies"),
                api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}", p, upstream)),
                api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}", p, upstream)),
                api.get("/proxies/" + p),
                api.post("/proxies/" + p + "/toxics", "{\"type\":\"latency\"}"),
                api.get("/proxies/" + p + "/toxics"),
                api.delete("/proxies/" + p + "/toxics/latency_downstream"),
                api.get("/proxies/no-such-proxy"),
                api.send("GET", "/proxies", null, "User-Agent", "Mozilla/5.0"),
                api.post("/reset", null),
                api.delete("/proxies/" + p));

        assertThat(responses).extracting(Response::status)
                .containsExactly(200, 200, 201, 409, 200, 200, 200, 204, 404, 403, 204, 204);
        for (Response r : responses) {
            assertThat(r.header(REQUEST_ID)).as("request id on %s", r).hasValueSatisfying(
                    id -> assertThat(id).hasSize(20));
        }
    }

    @Test
    void a2_aBrowserUserAgentIsRefused() {
        Response r = api.send("GET", "/proxies", null,
                "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).isEqualTo(TEXT);
        assertThat(r.body()).isEqualTo("User agent not allowed\n");
    }

    @Test
    void a3_aNonBrowserUserAgentIsServed() {
        Response r = api.send("GET", "/proxies", null, "User-Agent", "Wget/2.1");

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void a4_anEmptyServerListsNoProxies() throws Exception {
        try (ToxiproxyServer fresh = ToxiproxyServer.start(Loopback.HOST, 0)) {
            Response r = new RawApi(Loopback.HOST, fresh.port()).get("/proxies");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().isObject()).as("body %s", r.body()).isTrue();
            assertThat(r.json().size()).isZero();
        }
    }

    @Test
    void a33_versionBodyIsExactlyTheVersionObjectAndANewline() throws Exception {
        Response r = api.get("/version");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void b3_errorBodiesAreTheErrorObjectLabelledTextPlain() {
        Response r = api.get("/proxies/no-such-proxy");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
        assertThat(r.contentType()).isEqualTo(TEXT);
        assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void b3_populateErrorsAreJsonAndCarryTheProxiesDoneSoFar() {
        Response r = api.post("/populate", "[{\"name\":\"\",\"upstream\":\"127.0.0.1:1\"}]");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("error").asText()).isEqualTo("missing required field: name at proxy 1");
        assertThat(r.json().path("status").asInt()).isEqualTo(400);
        assertThat(r.json().has("proxies")).as("body %s", r.body()).isTrue();
    }

    @Test
    void b4_versionIsLabelledJson() {
        assertThat(api.get("/version").contentType()).isEqualTo("application/json;charset=utf-8");
    }

    @Test
    void b5_unknownPathIs404PageNotFoundWithoutRequestId() {
        Response r = api.get("/no/such/path");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().strip()).isEqualTo("404 page not found");
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.header(REQUEST_ID)).isEmpty();
    }

    @Test
    void b5_wrongMethodOnAKnownPathIs405WithAnEmptyBody() {
        for (Response r : List.of(api.send("PUT", "/proxies", "{}"), api.delete("/proxies"), api.get("/reset"))) {
            assertThat(r.status()).as("%s", r).isEqualTo(405);
            assertThat(r.body()).as("%s", r).isEmpty();
        }
    }

    @Test
    void b5_theBrowserGuardAlsoCoversVersion() {
        Response r = api.send("GET", "/version", null, "User-Agent", "Mozilla/5.0");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("User agent not allowed\n");
    }

    @Test
    void b6_emptyBodyIsBadRequestEof() {
        assertError(api.post("/proxies", ""), 400, "bad request body: EOF");
    }

    @Test
    void b6_nonJsonIsBadRequestInvalidCharacter() {
        assertErrorStartsWith(api.post("/proxies", "nope"), 400, "bad request body: invalid character");
    }

    @Test
    void b6_wrongJsonTypeIsBadRequestCannotUnmarshal() {
        assertErrorStartsWith(api.post("/proxies", "{\"name\":5,\"upstream\":\"127.0.0.1:1\"}"),
                400, "bad request body: json: cannot unmarshal");
        assertErrorStartsWith(api.post("/proxies", "[]"), 400, "bad request body: json: cannot unmarshal");
    }

    @Test
    void b7_jsonKeysMatchCaseInsensitivelyAndUnknownKeysAreIgnored() throws Exception {
        String upstream = net.echoServer().address();
        String p = name("CaSe");

        Response r = api.post("/proxies",
                json("{'NAME':'%s','Listen':'127.0.0.1:0','UPSTREAM':'%s','walrus':[1,2]}", p, upstream));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().path("name").asText()).isEqualTo(p);
        assertThat(r.json().path("upstream").asText()).isEqualTo(upstream);
        assertThat(r.json().has("walrus")).isFalse();
    }

    /** §1: toxiproxy-java labels its JSON as a form; the label must not matter. */
    @Test
    void requestContentTypeIsIgnored() throws Exception {
        String p = name("form");
        Response r = api.send("POST", "/proxies",
                json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'}", p, net.echoServer().address()),
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    /** §1: only the first JSON value of a body is read. */
    @Test
    void bytesAfterTheFirstJsonValueAreIgnored() throws Exception {
        String p = name("trailing");
        Response r = api.post("/proxies",
                json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s'} trailing garbage", p,
                        net.echoServer().address()));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void b10_aNameWithASpaceIsAddressedPercentEncoded() throws Exception {
        String upstream = net.echoServer().address();
        Response created = api.post("/proxies",
                json("{'name':'with space','listen':'127.0.0.1:0','upstream':'%s'}", upstream));

        assertThat(created.status()).isEqualTo(201);
        Response r = api.get("/proxies/with%20space");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("name").asText()).isEqualTo("with space");
    }

    @Test
    void b10_aNameWithASlashCanBeCreatedButNeverAddressed() throws Exception {
        // a dedicated server: the proxy can never be deleted, so it must not outlive this test
        try (ToxiproxyServer own = ToxiproxyServer.start(Loopback.HOST, 0)) {
            RawApi ownApi = new RawApi(Loopback.HOST, own.port());
            Response created = ownApi.post("/proxies",
                    json("{'name':'a/b','listen':'127.0.0.1:0','upstream':'%s'}", net.echoServer().address()));

            assertThat(created.status()).isEqualTo(201);
            assertThat(ownApi.get("/proxies").json().has("a/b")).isTrue();
            for (Response r : List.of(ownApi.get("/proxies/a/b"), ownApi.delete("/proxies/a/b"))) {
                assertThat(r.status()).as("%s", r).isEqualTo(404);
                assertThat(r.body().strip()).isEqualTo("404 page not found");
            }
        }
    }
}
