package io.faultline.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonOutputTest {
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void writesToxicsInGoStructOrderWithEveryAttribute() {
        Toxic toxic = new Toxic("slicer_UPSTREAM", ToxicType.SLICER, "UPSTREAM", Direction.UPSTREAM, 0.2f,
                new long[] {10, 0, -5});
        assertThat(text(JsonOutput.toxic(toxic))).isEqualTo("{\"attributes\":{\"average_size\":10,\"size_variation\":0,"
                + "\"delay\":-5},\"name\":\"slicer_UPSTREAM\",\"type\":\"slicer\",\"stream\":\"UPSTREAM\",\"toxicity\":0.2}");
        Toxic noop = new Toxic("n", ToxicType.NOOP, "downstream", Direction.DOWNSTREAM, 1f, new long[0]);
        assertThat(text(JsonOutput.toxics(List.of(noop))))
                .isEqualTo("[{\"attributes\":{},\"name\":\"n\",\"type\":\"noop\",\"stream\":\"downstream\",\"toxicity\":1}]");
    }

    @Test
    void writesProxiesWithoutTheLoggerMember() {
        Proxy proxy = new Proxy("db", "localhost:3310", "localhost:20001", null);
        assertThat(text(JsonOutput.proxy(proxy))).isEqualTo(
                "{\"name\":\"db\",\"listen\":\"localhost:3310\",\"upstream\":\"localhost:20001\",\"enabled\":false,\"toxics\":[]}");
        assertThat(text(JsonOutput.populate(null, List.of()))).isEqualTo("{\"proxies\":null}");
        assertThat(text(JsonOutput.populate(new ApiError(500, "boom"), List.of(proxy))))
                .startsWith("{\"error\":\"boom\",\"status\":500,\"proxies\":[{\"name\":\"db\"");
    }

    @Test
    void errorsEndWithANewline() {
        assertThat(text(JsonOutput.error(new ApiError(404, "proxy not found"))))
                .isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
    }

    @Test
    void escapesLikeGo() {
        ApiError error = new ApiError(400, "invalid character '<' & \"x\" \u0001\n\u2028é");
        assertThat(text(JsonOutput.error(error)))
                .isEqualTo("{\"error\":\"invalid character '\\u003c' \\u0026 \\\"x\\\" \\u0001\\n\\u2028é\",\"status\":400}\n");
    }

    @Test
    void formatsFloat32AsGoDoes() {
        assertThat(JsonOutput.goFloat32(1f)).isEqualTo("1");
        assertThat(JsonOutput.goFloat32(0.2f)).isEqualTo("0.2");
        assertThat(JsonOutput.goFloat32(2.5f)).isEqualTo("2.5");
        assertThat(JsonOutput.goFloat32(-1f)).isEqualTo("-1");
        assertThat(JsonOutput.goFloat32(0f)).isEqualTo("0");
        assertThat(JsonOutput.goFloat32(1e-7f)).isEqualTo("1e-7");
        assertThat(JsonOutput.goFloat32(1.5e21f)).isEqualTo("1.5e+21");
        assertThat(JsonOutput.goFloat32(123456.79f)).isEqualTo("123456.79");
        assertThat(JsonOutput.goFloat32(1e20f)).isEqualTo("100000000000000000000");
    }
}
