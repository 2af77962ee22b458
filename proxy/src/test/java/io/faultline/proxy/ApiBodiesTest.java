package io.faultline.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiBodiesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Toxic toxic(String body) throws ApiError {
        return ApiBodies.toxic(utf8(body), "taken"::equals);
    }

    private static int status(Throwable e) {
        return ((ApiError) e).status();
    }

    @Test
    void proxyCreateDefaultsToEnabledAndMatchesKeysCaseInsensitively() throws ApiError {
        ApiBodies.ProxySpec spec = ApiBodies.proxyCreate(utf8("{\"NAME\":\"a\",\"Listen\":\"x:1\",\"UPSTREAM\":\"y:2\",\"extra\":1}"));
        assertThat(spec).isEqualTo(new ApiBodies.ProxySpec("a", "x:1", "y:2", true, null));
        assertThat(ApiBodies.proxyCreate(utf8("null"))).isEqualTo(new ApiBodies.ProxySpec("", "", "", true, null));
        assertThat(ApiBodies.proxyCreate(utf8("{\"name\":\"a\",\"enabled\":null}")).enabled()).isTrue();
    }

    @Test
    void proxyUpdateKeepsWhatIsNotGivenAndIgnoresTheName() throws ApiError {
        Proxy proxy = new Proxy("p", "127.0.0.1:1", "127.0.0.1:2", null);
        ApiBodies.ProxySpec spec = ApiBodies.proxyUpdate(utf8("{\"name\":\"q\",\"enabled\":true}"), proxy);
        assertThat(spec).isEqualTo(new ApiBodies.ProxySpec("p", "127.0.0.1:1", "127.0.0.1:2", true, null));
        assertThatThrownBy(() -> ApiBodies.proxyUpdate(utf8("{\"name\":5}"), proxy)).hasMessageContaining("Proxy.name");
    }

    @Test
    void populateWantsAnArray() throws ApiError {
        assertThat(ApiBodies.populate(utf8("[]"))).isEmpty();
        assertThat(ApiBodies.populate(utf8("null"))).isEmpty();
        assertThat(ApiBodies.populate(utf8("[{\"name\":\"a\",\"enabled\":false},{\"name\":\"b\"}]")))
                .extracting(ApiBodies.ProxySpec::enabled).containsExactly(false, true);
        assertThatThrownBy(() -> ApiBodies.populate(utf8("{}")))
                .hasMessageStartingWith("bad request body: json: cannot unmarshal object into Go value of type []struct");
    }

    @Test
    void toxicDefaults() throws ApiError {
        Toxic toxic = toxic("{\"type\":\"latency\",\"stream\":null,\"toxicity\":null}");
        assertThat(toxic.name()).isEqualTo("latency_downstream");
        assertThat(toxic.direction()).isEqualTo(Direction.DOWNSTREAM);
        assertThat(toxic.toxicity()).isEqualTo(1f);
        assertThat(toxic.attributes()).containsExactly(0, 0);
        Toxic upper = toxic("{\"type\":\"noop\",\"stream\":\"UPSTREAM\",\"toxicity\":-0.5,\"attributes\":null}");
        assertThat(upper.name()).isEqualTo("noop_UPSTREAM");
        assertThat(upper.stream()).isEqualTo("UPSTREAM");
        assertThat(upper.direction()).isEqualTo(Direction.UPSTREAM);
        assertThat(upper.toxicity()).isEqualTo(-0.5f);
    }

    @Test
    void toxicChecksInToxiproxysOrder() {
        assertThatThrownBy(() -> toxic("{\"type\":\"latency\",\"stream\":\"\"}"))
                .hasMessage("stream was invalid, can be either upstream or downstream");
        assertThatThrownBy(() -> toxic("{\"name\":\"taken\",\"type\":\"walrus\",\"stream\":\"walrustream\"}"))
                .hasMessage("stream was invalid, can be either upstream or downstream");
        assertThatThrownBy(() -> toxic("{\"name\":\"taken\",\"type\":\"walrus\"}"))
                .hasMessage("invalid toxic type").satisfies(e -> assertThat(status(e)).isEqualTo(400));
        assertThatThrownBy(() -> toxic("{\"name\":\"taken\",\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}"))
                .hasMessage("toxic already exists").satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}"))
                .hasMessage("bad request body: json: cannot unmarshal number 1.5 into Go struct field"
                        + " LatencyToxic.attributes.latency of type int64");
        assertThatThrownBy(() -> toxic("{\"type\":\"latency\",\"attributes\":[1]}"))
                .hasMessageStartingWith("bad request body: json: cannot unmarshal array into Go struct field"
                        + " ToxicWrapper.attributes");
        assertThatThrownBy(() -> toxic("{\"type\":\"slicer\",\"attributes\":{\"delay\":\"1\"}}"))
                .hasMessageEndingWith("SlicerToxic.attributes.delay of type int");
    }

    @Test
    void toxicAttributesIgnoreUnknownKeysAndAcceptNegatives() throws ApiError {
        Toxic toxic = toxic("{\"type\":\"bandwidth\",\"attributes\":{\"RATE\":-1,\"burst\":9}}");
        assertThat(toxic.attribute("rate")).isEqualTo(-1);
    }

    @Test
    void toxicUpdateMergesAttributesAndKeepsToxicityUnlessGiven() throws ApiError {
        Toxic current = new Toxic("l", ToxicType.LATENCY, "downstream", Direction.DOWNSTREAM, 0.5f, new long[] {100, 10});
        Toxic updated = ApiBodies.toxicUpdate(utf8("{\"name\":\"x\",\"type\":\"timeout\",\"attributes\":{\"jitter\":3}}"), current);
        assertThat(updated.name()).isEqualTo("l");
        assertThat(updated.type()).isEqualTo(ToxicType.LATENCY);
        assertThat(updated.attributes()).containsExactly(100, 3);
        assertThat(updated.toxicity()).isEqualTo(0.5f);
        assertThat(ApiBodies.toxicUpdate(utf8("{\"toxicity\":0}"), current).toxicity()).isZero();
    }

    @Test
    void aRejectedToxicUpdateChangesNothing() {
        Toxic current = new Toxic("l", ToxicType.LATENCY, "downstream", Direction.DOWNSTREAM, 1f, new long[] {100, 10});
        assertThatThrownBy(() -> ApiBodies.toxicUpdate(utf8("{\"attributes\":{\"jitter\":9,\"latency\":\"x\"}}"), current))
                .hasMessageContaining("LatencyToxic.attributes.latency");
        assertThat(current.attributes()).containsExactly(100, 10);
    }

    @Test
    void toxicListsNameTheFailingToxic() throws ApiError {
        Object bodies = GoJson.parse(utf8("[{\"type\":\"latency\"},{\"type\":\"latency\"}]"));
        assertThatThrownBy(() -> ApiBodies.toxicList((java.util.List<Object>) bodies))
                .hasMessage("toxic already exists at toxic 2");
    }
}
