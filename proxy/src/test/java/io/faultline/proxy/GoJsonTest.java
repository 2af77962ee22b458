package io.faultline.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoJsonTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|EOF",
        "'  \n'|EOF",
        "{|unexpected EOF",
        "'{\"name\":'|unexpected EOF",
        "nope|invalid character 'o' in literal null (expecting 'u')",
        "hello|invalid character 'h' looking for beginning of value",
        "'{name:1}'|invalid character 'n' looking for beginning of object key string",
        "'{\"a\" 1}'|invalid character '1' after object key",
        "'{\"a\":1 \"b\"}'|invalid character '\"' after object key:value pair",
        "'{\"a\":1,}'|invalid character '}' looking for beginning of object key string",
        "'[1,]'|invalid character ']' looking for beginning of value",
        "'[1 2]'|invalid character '2' after array element",
        "-x|invalid character 'x' in numeric literal",
        "1.x|invalid character 'x' after decimal point in numeric literal",
        "1ex|invalid character 'x' in exponent of numeric literal",
        "'\"\\q\"'|invalid character 'q' in string escape code",
        "'\"\\u12g4\"'|invalid character 'g' in \\u hexadecimal character escape",
        "''''|invalid character '\\'' looking for beginning of value",
    })
    void syntaxErrorsReadAsGosDo(String body, String message) {
        assertThatThrownBy(() -> GoJson.parse(utf8(body)))
                .isInstanceOf(ApiError.class)
                .hasMessage("bad request body: " + message)
                .extracting(e -> ((ApiError) e).status()).isEqualTo(400);
    }

    @Test
    void controlCharactersInStringsAreRefused() {
        assertThatThrownBy(() -> GoJson.parse(new byte[] {'"', 1, '"'}))
                .hasMessage("bad request body: invalid character '\\x01' in string literal");
    }

    @Test
    void onlyTheFirstValueIsRead() throws Exception {
        assertThat(GoJson.parse(utf8("{\"a\":1} trailing garbage {"))).isInstanceOf(GoJson.Obj.class);
        assertThat(GoJson.parse(utf8("12abc"))).isEqualTo(new GoJson.Number("12"));
        assertThat(GoJson.parse(utf8("01"))).isEqualTo(new GoJson.Number("0"));
    }

    @Test
    void keepsMembersInOrderWithDuplicatesAndNumbersAsWritten() throws Exception {
        GoJson.Obj obj = (GoJson.Obj) GoJson.parse(utf8("{\"b\":1.50,\"a\":null,\"b\":[true,\"x\"]}"));
        assertThat(obj.members()).containsExactly(
                new GoJson.Member("b", new GoJson.Number("1.50")),
                new GoJson.Member("a", null),
                new GoJson.Member("b", List.of(true, "x")));
    }

    @Test
    void fieldsMatchCaseInsensitivelyPreferringAnExactMatch() {
        assertThat(GoJson.field("NAME", List.of("name", "listen"))).isEqualTo("name");
        assertThat(GoJson.field("Listen", List.of("name", "listen"))).isEqualTo("listen");
        assertThat(GoJson.field("other", List.of("name"))).isNull();
    }

    @Test
    void typeErrorsNameTheGoFieldAndTheFirstOneWins() {
        GoJson.Decoder decoder = new GoJson.Decoder();
        assertThat(decoder.string(new GoJson.Number("5"), "Proxy", "name")).isNull();
        assertThat(decoder.integer(new GoJson.Number("1.5"), "int64", "LatencyToxic", "attributes.latency")).isNull();
        assertThatThrownBy(decoder::check).hasMessage(
                "bad request body: json: cannot unmarshal number into Go struct field Proxy.name of type string");

        GoJson.Decoder second = new GoJson.Decoder();
        second.integer("100", "int64", "LatencyToxic", "attributes.latency");
        assertThatThrownBy(second::check).hasMessage("bad request body: json: cannot unmarshal string"
                + " into Go struct field LatencyToxic.attributes.latency of type int64");

        GoJson.Decoder third = new GoJson.Decoder();
        third.members(List.of(), "toxiproxy.Proxy", null, null);
        assertThatThrownBy(third::check)
                .hasMessage("bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy");
    }

    @Test
    void numbersMustFitTheirGoType() throws ApiError {
        GoJson.Decoder decoder = new GoJson.Decoder();
        assertThat(decoder.integer(new GoJson.Number("-42"), "int64", "S", "f")).isEqualTo(-42L);
        assertThat(decoder.float32(new GoJson.Number("0.2"), "S", "f")).isEqualTo(0.2f);
        assertThat(decoder.integer(null, "int64", "S", "f")).isNull();
        decoder.check();
        assertThat(decoder.integer(new GoJson.Number("1e3"), "int64", "S", "f")).isNull();
        assertThat(decoder.float32(new GoJson.Number("1e40"), "S", "f")).isNull();
        assertThatThrownBy(decoder::check).hasMessageContaining("number 1e3");
    }
}
