package io.faultline.proxy.conformance;

import static io.faultline.proxy.conformance.RawApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import io.faultline.proxy.conformance.RawApi.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The toxic API (spec §2, §3.2): creation, defaults, validation order, updates, listing order. */
class ToxicApiTest extends ConformanceSupport {
    private static final String BAD_STREAM = "stream was invalid, can be either upstream or downstream";

    private Proxy proxy;

    private String toxics() throws IOException {
        if (proxy == null) {
            proxy = echoProxy();
        }
        return "/proxies/" + proxy.getName() + "/toxics";
    }

    private Response create(String body) throws IOException {
        return api.post(toxics(), body);
    }

    @Test
    void a23_aNewProxyHasNoToxics() throws Exception {
        Response r = api.get(toxics());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json().size()).isZero();
        assertThat(proxy.toxics().getAll()).isEmpty();
    }

    @Test
    void a24_aNamedLatencyToxicEchoesItsAttributesAndIsListed() throws Exception {
        Response r = create("{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":100,\"jitter\":10}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("attributes").path("latency").asLong()).isEqualTo(100);
        assertThat(r.json().path("attributes").path("jitter").asLong()).isEqualTo(10);
        List<? extends Toxic> all = proxy.toxics().getAll();
        assertThat(all).hasSize(1);
        Latency listed = (Latency) all.get(0);
        assertThat(listed.getName()).isEqualTo("lat");
        assertThat(listed.getLatency()).isEqualTo(100);
        assertThat(listed.getJitter()).isEqualTo(10);
        assertThat(listed.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);
        assertThat(listed.getToxicity()).isEqualTo(1.0f);
        assertThat(api.get(toxics()).json().get(0).path("type").asText()).isEqualTo("latency");
    }

    @Test
    void a25_twoToxicsOfOneTypeCoexistWithZeroAttributesAndToxicityOne() throws Exception {
        Response a = create("{\"name\":\"a\",\"type\":\"latency\"}");
        Response b = create("{\"name\":\"b\",\"type\":\"latency\",\"attributes\":{\"latency\":5}}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(b.status()).isEqualTo(200);
        assertThat(a.json().path("attributes").path("latency").isIntegralNumber()).isTrue();
        assertThat(a.json().path("attributes").path("latency").asLong()).isZero();
        assertThat(a.json().path("attributes").path("jitter").asLong()).isZero();
        assertThat(b.json().path("attributes").path("jitter").isIntegralNumber()).isTrue();
        assertThat(a.json().path("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(names(proxy.toxics().getAll())).containsExactly("a", "b");
    }

    @Test
    void a26_aClashingNameIsAConflictAndTheOriginalStays() throws Exception {
        toxics();
        proxy.toxics().latency("same", ToxicDirection.DOWNSTREAM, 100);

        assertThatThrownBy(() -> proxy.toxics().bandwidth("same", ToxicDirection.DOWNSTREAM, 5))
                .isInstanceOf(IOException.class).hasMessage("[409] toxic already exists");
        assertError(create("{\"name\":\"same\",\"type\":\"latency\"}"), 409, "toxic already exists");

        Latency original = proxy.toxics().get("same", Latency.class);
        assertThat(original.getLatency()).isEqualTo(100);
        assertThat(proxy.toxics().getAll()).hasSize(1);
    }

    @Test
    void a27_namesAreUniqueAcrossStreams() throws Exception {
        toxics();
        proxy.toxics().latency("same", ToxicDirection.DOWNSTREAM, 100);

        assertThatThrownBy(() -> proxy.toxics().latency("same", ToxicDirection.UPSTREAM, 100))
                .isInstanceOf(IOException.class).hasMessage("[409] toxic already exists");
    }

    @Test
    void a28_unnamedToxicsAreNamedTypeUnderscoreStream() throws Exception {
        Response up = create("{\"type\":\"latency\",\"stream\":\"upstream\"}");
        Response down = create("{\"type\":\"latency\",\"stream\":\"downstream\"}");

        assertThat(up.status()).isEqualTo(200);
        assertThat(down.status()).isEqualTo(200);
        assertThat(up.json().path("name").asText()).isEqualTo("latency_upstream");
        assertThat(down.json().path("name").asText()).isEqualTo("latency_downstream");
    }

    @Test
    void a29_toxicityIsStoredAsGiven() throws Exception {
        Response r = create("{\"name\":\"t\",\"type\":\"latency\",\"toxicity\":0.2}");

        assertThat(r.json().path("toxicity").asDouble()).isCloseTo(0.2, within(1e-6));
        Latency viaClient = proxy.toxics().latency("c", ToxicDirection.UPSTREAM, 1);
        viaClient.setToxicity(0.2f);
        assertThat(proxy.toxics().get("c").getToxicity()).isEqualTo(0.2f);
        assertThat(proxy.toxics().get("t").getToxicity()).isEqualTo(0.2f);
    }

    @Test
    void a30_noopIsAcceptedWithDefaults() throws Exception {
        Response r = create("{\"type\":\"noop\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("name").asText()).isEqualTo("noop_downstream");
        assertThat(r.json().path("stream").asText()).isEqualTo("downstream");
        assertThat(r.json().path("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(r.json().path("attributes").isObject()).isTrue();
        assertThat(r.json().path("attributes").size()).isZero();
    }

    @Test
    void a31_anUpdateMergesAttributesAndKeepsToxicityUnlessGiven() throws Exception {
        create("{\"name\":\"lat\",\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":100,\"jitter\":10}}");
        Latency lat = proxy.toxics().get("lat", Latency.class);

        lat.setJitter(20);

        Latency afterJitter = proxy.toxics().get("lat", Latency.class);
        assertThat(afterJitter.getLatency()).isEqualTo(100);
        assertThat(afterJitter.getJitter()).isEqualTo(20);
        assertThat(afterJitter.getToxicity()).isEqualTo(0.5f);

        Response r = api.patch(toxics() + "/lat", "{\"toxicity\":0.7}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("toxicity").asDouble()).isCloseTo(0.7, within(1e-6));
        assertThat(r.json().path("attributes").path("latency").asLong()).isEqualTo(100);
        assertThat(r.json().path("attributes").path("jitter").asLong()).isEqualTo(20);
    }

    @Test
    void a32_deletingAToxicRemovesIt() throws Exception {
        toxics();
        proxy.toxics().latency("gone", ToxicDirection.DOWNSTREAM, 10).remove();

        assertThat(proxy.toxics().getAll()).isEmpty();
        assertError(api.get(toxics() + "/gone"), 404, "toxic not found");
        assertError(api.delete(toxics() + "/gone"), 404, "toxic not found");
        assertError(api.patch(toxics() + "/gone", "{}"), 404, "toxic not found");
    }

    @Test
    void a34_anUnknownStreamIsRefused() throws Exception {
        assertError(create("{\"type\":\"latency\",\"stream\":\"walrustream\"}"), 400, BAD_STREAM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DOWNSTREAM", "UpStream", "upstream", "downstream"})
    void a52_streamNamesAreCaseInsensitive(String stream) throws Exception {
        Response r = create(json("{'type':'latency','stream':'%s'}", stream));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("stream").asText()).isEqualTo(stream);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "-123"})
    void a52_otherStreamNamesAreInvalid(String stream) throws Exception {
        assertError(create(json("{'type':'latency','stream':'%s'}", stream)), 400, BAD_STREAM);
    }

    @Test
    void b11_createChecksStreamThenTypeThenDuplicateThenAttributes() throws Exception {
        create("{\"name\":\"dup\",\"type\":\"latency\"}");

        assertError(create("{\"name\":\"dup\",\"type\":\"walrus\",\"stream\":\"sideways\"}"), 400, BAD_STREAM);
        assertError(create("{\"name\":\"dup\",\"type\":\"walrus\"}"), 400, "invalid toxic type");
        assertError(create("{\"name\":\"fresh\",\"type\":\"\"}"), 400, "invalid toxic type");
        assertError(create("{\"name\":\"fresh\"}"), 400, "invalid toxic type");
        assertError(create("{\"name\":\"dup\",\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}"),
                409, "toxic already exists");
        assertErrorStartsWith(create("{\"name\":\"fresh\",\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}"),
                400, "bad request body: json: cannot unmarshal");
        assertThat(names(proxy.toxics().getAll())).containsExactly("dup");
    }

    @Test
    void b12_anEmptyStreamIsRefusedWhileNullsMeanDefaults() throws Exception {
        assertError(create("{\"type\":\"latency\",\"stream\":\"\"}"), 400, BAD_STREAM);

        Response r = create("{\"type\":\"latency\",\"stream\":null,\"toxicity\":null}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("stream").asText()).isEqualTo("downstream");
        assertThat(r.json().path("toxicity").asDouble()).isEqualTo(1.0);
    }

    @Test
    void b13_aStreamIsEchoedAndNamedAsSent() throws Exception {
        Response r = create("{\"type\":\"latency\",\"stream\":\"UPSTREAM\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("stream").asText()).isEqualTo("UPSTREAM");
        assertThat(r.json().path("name").asText()).isEqualTo("latency_UPSTREAM");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 2.5, -1})
    void b14_toxicityIsNotRangeChecked(double toxicity) throws Exception {
        Response r = create("{\"type\":\"latency\",\"toxicity\":" + toxicity + "}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("toxicity").asDouble()).isEqualTo(toxicity);
    }

    @Test
    void b15_integerAttributesRefuseFractionsAndStringsAndAcceptNegatives() throws Exception {
        assertThat(create("{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}").status()).isEqualTo(400);
        assertThat(create("{\"type\":\"latency\",\"attributes\":{\"latency\":\"100\"}}").status()).isEqualTo(400);
        assertThat(create("{\"type\":\"latency\",\"attributes\":[1,2]}").status()).isEqualTo(400);

        Response odd = create("{\"name\":\"odd\",\"type\":\"latency\",\"attributes\":{\"latency\":-5,\"walrus\":3}}");
        assertThat(odd.status()).isEqualTo(200);
        assertThat(odd.json().path("attributes").path("latency").asLong()).isEqualTo(-5);
        assertThat(odd.json().path("attributes").has("walrus")).isFalse();

        Response nulls = create("{\"name\":\"nulls\",\"type\":\"slicer\",\"attributes\":null}");
        assertThat(nulls.status()).isEqualTo(200);
        JsonNode attributes = nulls.json().path("attributes");
        assertThat(attributes.path("average_size").asLong()).isZero();
        assertThat(attributes.path("size_variation").asLong()).isZero();
        assertThat(attributes.path("delay").asLong()).isZero();
        assertThat(names(proxy.toxics().getAll())).containsExactly("odd", "nulls");
    }

    @Test
    void b16_anUpdateIgnoresNameTypeAndStreamAndPostWorksLikePatch() throws Exception {
        create("{\"name\":\"lat\",\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":100,\"jitter\":1}}");

        Response r = api.post(toxics() + "/lat",
                "{\"name\":\"other\",\"type\":\"bandwidth\",\"stream\":\"upstream\",\"attributes\":{\"latency\":7}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("name").asText()).isEqualTo("lat");
        assertThat(r.json().path("type").asText()).isEqualTo("latency");
        assertThat(r.json().path("stream").asText()).isEqualTo("downstream");
        assertThat(r.json().path("attributes").path("latency").asLong()).isEqualTo(7);
        assertThat(api.get(toxics() + "/other").status()).isEqualTo(404);
    }

    @Test
    void b16_aBadUpdateLeavesToxicityAndTheBadKeyUnchanged() throws Exception {
        create("{\"name\":\"lat\",\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":100,\"jitter\":1}}");

        assertThat(api.patch(toxics() + "/lat", "{\"toxicity\":0.9,").status()).isEqualTo(400);
        Response illTyped = api.patch(toxics() + "/lat", "{\"toxicity\":0.9,\"attributes\":{\"jitter\":9,\"latency\":\"x\"}}");

        assertThat(illTyped.status()).isEqualTo(400);
        JsonNode after = api.get(toxics() + "/lat").json();
        assertThat(after.path("toxicity").asDouble()).isEqualTo(0.5);
        assertThat(after.path("attributes").path("latency").asLong()).isEqualTo(100);
        // the real server applies the well-typed jitter anyway; validating first and applying nothing is also allowed
        assertThat(after.path("attributes").path("jitter").asLong()).isIn(1L, 9L);
    }

    @Test
    void b17_upstreamToxicsAreListedFirstEachInInsertionOrder() throws Exception {
        toxics();
        proxy.toxics().latency("d1", ToxicDirection.DOWNSTREAM, 1);
        proxy.toxics().latency("u1", ToxicDirection.UPSTREAM, 1);
        proxy.toxics().latency("d2", ToxicDirection.DOWNSTREAM, 1);
        proxy.toxics().latency("u2", ToxicDirection.UPSTREAM, 1);

        assertThat(names(proxy.toxics().getAll())).containsExactly("u1", "u2", "d1", "d2");
        List<String> inProxy = new ArrayList<>();
        api.get("/proxies/" + proxy.getName()).json().path("toxics").forEach(t -> inProxy.add(t.path("name").asText()));
        assertThat(inProxy).containsExactly("u1", "u2", "d1", "d2");
    }

    @Test
    void b18_toxicsLiveOnDisabledProxiesAndSurviveUpdates() throws Exception {
        String p = name("off");
        api.post("/proxies", json("{'name':'%s','listen':'127.0.0.1:0','upstream':'%s','enabled':false}",
                p, net.echoServer().address()));
        Proxy off = client.getProxy(p);

        off.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        off.enable();
        off.disable();
        off.enable();
        off.setListen("127.0.0.1:0");
        off.setUpstream(net.echoServer().address());

        assertThat(names(client.getProxy(p).toxics().getAll())).containsExactly("lat");
    }

    /** §3.2 and §7.3: every attribute key of a type is echoed, zeros included, and the Java client can read them all. */
    @ParameterizedTest
    @CsvSource({
        "latency, latency jitter",
        "bandwidth, rate",
        "slow_close, delay",
        "timeout, timeout",
        "reset_peer, timeout",
        "slicer, average_size size_variation delay",
        "limit_data, bytes"})
    void everyTypeEchoesAllItsAttributeKeys(String type, String keys) throws Exception {
        Response r = create(json("{'type':'%s'}", type));

        assertThat(r.status()).isEqualTo(200);
        List<String> echoed = new ArrayList<>();
        r.json().path("attributes").fieldNames().forEachRemaining(echoed::add);
        assertThat(echoed).containsExactlyInAnyOrder(keys.split(" "));
        assertThat(proxy.toxics().getAll()).hasSize(1);
    }

    /** §7.2: the client's typed factories round-trip through the server. */
    @Test
    void toxiproxyJavaReadsBackEveryToxicItCreates() throws Exception {
        toxics();
        proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 11).setJitter(3);
        proxy.toxics().bandwidth("bandwidth", ToxicDirection.UPSTREAM, 12);
        proxy.toxics().slowClose("slow_close", ToxicDirection.DOWNSTREAM, 13);
        proxy.toxics().timeout("timeout", ToxicDirection.UPSTREAM, 14);
        proxy.toxics().resetPeer("reset_peer", ToxicDirection.DOWNSTREAM, 15);
        proxy.toxics().slicer("slicer", ToxicDirection.UPSTREAM, 16, 17).setSizeVariation(4);
        proxy.toxics().limitData("limit_data", ToxicDirection.DOWNSTREAM, 18);

        assertThat(proxy.toxics().get("latency", Latency.class).getJitter()).isEqualTo(3);
        assertThat(proxy.toxics().get("bandwidth", Bandwidth.class).getRate()).isEqualTo(12);
        assertThat(proxy.toxics().get("slow_close", SlowClose.class).getDelay()).isEqualTo(13);
        assertThat(proxy.toxics().get("timeout", Timeout.class).getTimeout()).isEqualTo(14);
        assertThat(proxy.toxics().get("reset_peer", ResetPeer.class).getTimeout()).isEqualTo(15);
        Slicer slicer = proxy.toxics().get("slicer", Slicer.class);
        assertThat(List.of(slicer.getAverageSize(), slicer.getSizeVariation(), slicer.getDelay())).containsExactly(16L, 4L, 17L);
        assertThat(proxy.toxics().get("limit_data", LimitData.class).getBytes()).isEqualTo(18);
        assertThat(names(proxy.toxics().getAll()))
                .containsExactly("bandwidth", "timeout", "slicer", "latency", "slow_close", "reset_peer", "limit_data");
    }
}
