package io.faultline.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Writes Toxiproxy's JSON byte for byte as Go's encoding/json does: members in struct order,
 * compact, {@code <>&} and U+2028/U+2029 escaped, lower-case hex, float32 in Go's shortest form.
 * The proxy objects leave out the stray {@code "Logger":{}} of the real server, as the spec allows.
 */
final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new GoEscapes()).build();

    private JsonOutput() {
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] proxy(Proxy proxy) {
        return render(json -> writeProxy(json, proxy));
    }

    /** GET /proxies: an object keyed by name, in the order given (Go sorts map keys). */
    static byte[] proxyIndex(Collection<Proxy> proxies) {
        return render(json -> {
            json.writeStartObject();
            for (Proxy proxy : proxies) {
                json.writeFieldName(proxy.name());
                writeProxy(json, proxy);
            }
            json.writeEndObject();
        });
    }

    static byte[] toxic(Toxic toxic) {
        return render(json -> writeToxic(json, toxic));
    }

    static byte[] toxics(List<Toxic> toxics) {
        return render(json -> writeToxics(json, toxics));
    }

    /** /populate's body: error and status (when failed) then the proxies handled, null when none. */
    static byte[] populate(ApiError error, List<Proxy> proxies) {
        return render(json -> {
            json.writeStartObject();
            if (error != null) {
                json.writeStringField("error", error.getMessage());
                json.writeNumberField("status", error.status());
            }
            json.writeFieldName("proxies");
            if (proxies.isEmpty()) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (Proxy proxy : proxies) {
                    writeProxy(json, proxy);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /** The body of an error response, newline included (Go's http.Error adds it). */
    static byte[] error(ApiError error) {
        String json = new String(render(out -> {
            out.writeStartObject();
            out.writeStringField("error", error.getMessage());
            out.writeNumberField("status", error.status());
            out.writeEndObject();
        }), StandardCharsets.UTF_8);
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeProxy(JsonGenerator json, Proxy proxy) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", proxy.name());
        json.writeStringField("listen", proxy.listen());
        json.writeStringField("upstream", proxy.upstream());
        json.writeBooleanField("enabled", proxy.enabled());
        json.writeFieldName("toxics");
        writeToxics(json, proxy.toxics().all());
        json.writeEndObject();
    }

    private static void writeToxics(JsonGenerator json, List<Toxic> toxics) throws IOException {
        json.writeStartArray();
        for (Toxic toxic : toxics) {
            writeToxic(json, toxic);
        }
        json.writeEndArray();
    }

    private static void writeToxic(JsonGenerator json, Toxic toxic) throws IOException {
        json.writeStartObject();
        json.writeFieldName("attributes");
        json.writeStartObject();
        long[] values = toxic.attributes();
        List<String> keys = toxic.type().keys();
        for (int i = 0; i < keys.size(); i++) {
            json.writeNumberField(keys.get(i), values[i]);
        }
        json.writeEndObject();
        json.writeStringField("name", toxic.name());
        json.writeStringField("type", toxic.type().wire());
        json.writeStringField("stream", toxic.stream());
        json.writeFieldName("toxicity");
        json.writeRawValue(goFloat32(toxic.toxicity()));
        json.writeEndObject();
    }

    private static byte[] render(Body body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a StringWriter cannot fail", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Go's float32 encoding: shortest digits, plain notation unless below 1e-6 or from 1e21 ("1e-07" becomes "1e-7"). */
    static String goFloat32(float f) {
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        BigDecimal value = new BigDecimal(Float.toString(f)).stripTrailingZeros();
        float abs = Math.abs(f);
        if (abs >= 1e-6f && abs < 1e21f) {
            return value.toPlainString();
        }
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        StringBuilder s = new StringBuilder(f < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            s.append('.').append(digits, 1, digits.length());
        }
        s.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10 && exponent >= 0) {
            s.append('0');
        }
        return s.append(magnitude).toString();
    }

    /** Go's escaping: HTML-safe and with lower-case hex, where Jackson would use upper case. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if ("\b\t\n\f\r".indexOf(c) < 0) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
