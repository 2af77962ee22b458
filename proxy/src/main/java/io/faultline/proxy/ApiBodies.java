package io.faultline.proxy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads each endpoint's request body into what the API needs, with Toxiproxy's defaults, the Go
 * struct names its decoding errors mention, and its order of checks.
 */
final class ApiBodies {
    private static final List<String> PROXY_FIELDS = List.of("name", "listen", "upstream", "enabled", "toxics");
    private static final List<String> TOXIC_FIELDS = List.of("attributes", "name", "type", "stream", "toxicity");
    private static final String POPULATE_TYPE = "[]struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }";
    private static final String POPULATE_ELEMENT = POPULATE_TYPE.substring(2);
    private static final String UPDATE_TYPE =
            "struct { Attributes interface {} \"json:\\\"attributes\\\"\"; Toxicity float32 \"json:\\\"toxicity\\\"\" }";

    private ApiBodies() {
    }

    /**
     * A proxy as a create, update or populate body gives it. {@code toxics} is Faultline's
     * extension (toxic bodies to install atomically with the proxy), null when absent.
     */
    record ProxySpec(String name, String listen, String upstream, boolean enabled, List<Object> toxics) {
    }

    /** POST /proxies: enabled defaults to true, everything else to empty. */
    static ProxySpec proxyCreate(byte[] body) throws ApiError {
        GoJson.Decoder decoder = new GoJson.Decoder();
        ProxySpec spec = proxy(decoder, GoJson.parse(body), "toxiproxy.Proxy", "Proxy",
                new ProxySpec("", "", "", true, null));
        decoder.check();
        return spec;
    }

    /** PATCH /proxies/{proxy}: absent fields keep the proxy's values; a name is decoded but ignored. */
    static ProxySpec proxyUpdate(byte[] body, Proxy current) throws ApiError {
        GoJson.Decoder decoder = new GoJson.Decoder();
        ProxySpec spec = proxy(decoder, GoJson.parse(body), "toxiproxy.Proxy", "Proxy",
                new ProxySpec(current.name(), current.listen(), current.upstream(), current.enabled(), null));
        decoder.check();
        return new ProxySpec(current.name(), spec.listen(), spec.upstream(), spec.enabled(), null);
    }

    /** POST /populate: an array of proxies, each enabled unless it says otherwise. */
    static List<ProxySpec> populate(byte[] body) throws ApiError {
        GoJson.Decoder decoder = new GoJson.Decoder();
        List<ProxySpec> specs = new ArrayList<>();
        for (Object element : decoder.elements(GoJson.parse(body), POPULATE_TYPE, null, null)) {
            specs.add(proxy(decoder, element, POPULATE_ELEMENT, "", new ProxySpec("", "", "", true, null)));
        }
        decoder.check();
        return specs;
    }

    private static ProxySpec proxy(GoJson.Decoder decoder, Object value, String goType, String struct, ProxySpec defaults) {
        String name = defaults.name();
        String listen = defaults.listen();
        String upstream = defaults.upstream();
        boolean enabled = defaults.enabled();
        List<Object> toxics = defaults.toxics();
        for (GoJson.Member member : decoder.members(value, goType, null, null)) {
            String field = GoJson.field(member.key(), PROXY_FIELDS);
            if (field == null) {
                continue;
            }
            Object v = member.value();
            switch (field) {
                case "name":
                    name = orElse(decoder.string(v, struct, field), name);
                    break;
                case "listen":
                    listen = orElse(decoder.string(v, struct, field), listen);
                    break;
                case "upstream":
                    upstream = orElse(decoder.string(v, struct, field), upstream);
                    break;
                case "enabled":
                    enabled = orElse(decoder.bool(v, struct, field), enabled);
                    break;
                default:
                    if (v != null) {
                        toxics = decoder.elements(v, "[]toxics.ToxicWrapper", struct, field);
                    }
            }
        }
        return new ProxySpec(name, listen, upstream, enabled, toxics);
    }

    /** POST /proxies/{proxy}/toxics, with Toxiproxy's order of checks. */
    static Toxic toxic(byte[] body, Predicate<String> nameTaken) throws ApiError {
        return toxic(GoJson.parse(body), nameTaken);
    }

    /**
     * A toxic body already parsed: type errors (400), stream (400), default name, type (400),
     * duplicate name (409), then attributes (400).
     */
    static Toxic toxic(Object value, Predicate<String> nameTaken) throws ApiError {
        GoJson.Decoder decoder = new GoJson.Decoder();
        String name = "";
        String type = "";
        String stream = "downstream";
        float toxicity = 1f;
        List<Object> attributeObjects = new ArrayList<>();
        for (GoJson.Member member : decoder.members(value, "toxics.ToxicWrapper", null, null)) {
            String field = GoJson.field(member.key(), TOXIC_FIELDS);
            if (field == null) {
                continue;
            }
            Object v = member.value();
            switch (field) {
                case "name":
                    name = orElse(decoder.string(v, "ToxicWrapper", field), name);
                    break;
                case "type":
                    type = orElse(decoder.string(v, "ToxicWrapper", field), type);
                    break;
                case "stream":
                    stream = orElse(decoder.string(v, "ToxicWrapper", field), stream);
                    break;
                case "toxicity":
                    toxicity = orElse(decoder.float32(v, "ToxicWrapper", field), toxicity);
                    break;
                default:
                    // Before its type is known Toxiproxy decodes attributes into an empty struct: only a
                    // value that is not an object fails at this point.
                    decoder.members(v, "toxics.NoopToxic", "ToxicWrapper", field);
                    if (v instanceof GoJson.Obj) {
                        attributeObjects.add(v);
                    }
            }
        }
        decoder.check();
        Direction direction = Direction.parse(stream);
        if (direction == null) {
            throw new ApiError(400, "stream was invalid, can be either upstream or downstream");
        }
        if (name.isEmpty()) {
            name = type + "_" + stream;
        }
        ToxicType toxicType = ToxicType.byWire(type);
        if (toxicType == null) {
            throw new ApiError(400, "invalid toxic type");
        }
        if (nameTaken.test(name)) {
            throw new ApiError(409, "toxic already exists");
        }
        long[] values = new long[toxicType.keys().size()];
        for (Object attributes : attributeObjects) {
            applyAttributes(decoder, attributes, toxicType, values);
        }
        decoder.check();
        return new Toxic(name, toxicType, stream, direction, toxicity, values);
    }

    /**
     * Faultline's extension: the toxics of a proxy created or populated together with it. Names
     * must be unique within the list; errors say which toxic ("... at toxic 2").
     */
    static List<Toxic> toxicList(List<Object> bodies) throws ApiError {
        List<Toxic> toxics = new ArrayList<>();
        if (bodies == null) {
            return toxics;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < bodies.size(); i++) {
            try {
                Toxic toxic = toxic(bodies.get(i), names::contains);
                names.add(toxic.name());
                toxics.add(toxic);
            } catch (ApiError e) {
                throw e.suffixed(" at toxic " + (i + 1));
            }
        }
        return toxics;
    }

    /**
     * PATCH /proxies/{proxy}/toxics/{toxic}: merges the given attribute keys and sets toxicity if
     * given; name, type and stream are ignored. Validates everything before applying anything (the
     * real server may apply well-typed keys of a body it then rejects; the spec allows either).
     */
    static Toxic toxicUpdate(byte[] body, Toxic current) throws ApiError {
        GoJson.Decoder decoder = new GoJson.Decoder();
        long[] values = current.attributes();
        float toxicity = current.toxicity();
        for (GoJson.Member member : decoder.members(GoJson.parse(body), UPDATE_TYPE, null, null)) {
            String field = GoJson.field(member.key(), List.of("attributes", "toxicity"));
            if ("attributes".equals(field)) {
                applyAttributes(decoder, member.value(), current.type(), values);
            } else if ("toxicity".equals(field)) {
                toxicity = orElse(decoder.float32(member.value(), "", field), toxicity);
            }
        }
        decoder.check();
        return current.withAttributes(values).withToxicity(toxicity);
    }

    private static void applyAttributes(GoJson.Decoder decoder, Object attributes, ToxicType type, long[] values) {
        String struct = type.goStruct();
        for (GoJson.Member member : decoder.members(attributes, "toxics." + struct, struct, "attributes")) {
            String key = GoJson.field(member.key(), type.keys());
            if (key != null) {
                Long value = decoder.integer(member.value(), type.goAttributeType(), struct, "attributes." + key);
                if (value != null) {
                    values[type.keys().indexOf(key)] = value;
                }
            }
        }
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
