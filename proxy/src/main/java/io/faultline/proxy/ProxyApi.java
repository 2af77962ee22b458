package io.faultline.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What each endpoint does to the proxies, Toxiproxy 2.12's semantics. Calls are serialised: the
 * API is not a hot path, and one lock keeps every response a consistent snapshot.
 */
final class ProxyApi {
    static final String VERSION = "2.12.0";

    private final ProxyServices services;
    /** By name, in code point order (= the UTF-8 byte order in which Go sorts map keys). */
    private final TreeMap<String, Proxy> proxies = new TreeMap<>(ProxyApi::compareCodePoints);

    ProxyApi(ProxyServices services) {
        this.services = services;
    }

    synchronized ApiResponse listProxies() {
        return ApiResponse.json(200, JsonOutput.proxyIndex(proxies.values()));
    }

    synchronized ApiResponse createProxy(byte[] body) throws ApiError {
        ApiBodies.ProxySpec spec = withListen(ApiBodies.proxyCreate(body));
        if (spec.name().isEmpty()) {
            throw new ApiError(400, "missing required field: name");
        }
        if (spec.upstream().isEmpty()) {
            throw new ApiError(400, "missing required field: upstream");
        }
        List<Toxic> toxics = ApiBodies.toxicList(spec.toxics());
        if (proxies.containsKey(spec.name())) {
            throw new ApiError(409, "proxy already exists");
        }
        Proxy proxy = newProxy(spec, toxics);
        proxies.put(proxy.name(), proxy);
        return ApiResponse.json(201, JsonOutput.proxy(proxy));
    }

    /**
     * Creates or replaces proxies in order. An unchanged existing proxy (same resolved listen, same
     * upstream) is kept as it is, enabled state and toxics included, unless the entry lists toxics
     * (Faultline's extension), which then replace its own. The first failure stops the run; what
     * was done stays done and is reported with the error.
     */
    synchronized ApiResponse populate(byte[] body) {
        List<Proxy> done = new ArrayList<>();
        try {
            List<ApiBodies.ProxySpec> specs = new ArrayList<>(ApiBodies.populate(body));
            List<List<Toxic>> toxics = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                ApiBodies.ProxySpec spec = withListen(specs.get(i));
                specs.set(i, spec);
                if (spec.name().isEmpty()) {
                    throw new ApiError(400, "missing required field: name at proxy " + (i + 1));
                }
                if (spec.upstream().isEmpty()) {
                    throw new ApiError(400, "missing required field: upstream at proxy " + (i + 1));
                }
                try {
                    toxics.add(ApiBodies.toxicList(spec.toxics()));
                } catch (ApiError e) {
                    throw e.suffixed(" of proxy " + (i + 1));
                }
            }
            for (int i = 0; i < specs.size(); i++) {
                done.add(populateOne(specs.get(i), toxics.get(i)));
            }
            return ApiResponse.json(201, JsonOutput.populate(null, done));
        } catch (ApiError e) {
            return ApiResponse.json(e.status(), JsonOutput.populate(e, done));
        }
    }

    private ApiBodies.ProxySpec withListen(ApiBodies.ProxySpec spec) {
        return new ApiBodies.ProxySpec(spec.name(), services.listenOrDefault(spec.listen()), spec.upstream(),
                spec.enabled(), spec.toxics());
    }

    private Proxy populateOne(ApiBodies.ProxySpec spec, List<Toxic> toxics) throws ApiError {
        Proxy existing = proxies.get(spec.name());
        if (existing != null) {
            if (!existing.differs(spec.listen(), spec.upstream())) {
                if (spec.toxics() != null) {
                    existing.toxics().clear();
                    toxics.forEach(existing.toxics()::add);
                }
                return existing;
            }
            existing.stop();
        }
        Proxy proxy = newProxy(spec, toxics);
        proxies.put(proxy.name(), proxy);
        return proxy;
    }

    /** The toxics go in before the listener opens, so the very first connection gets them. */
    private Proxy newProxy(ApiBodies.ProxySpec spec, List<Toxic> toxics) throws ApiError {
        Proxy proxy = new Proxy(spec.name(), spec.listen(), spec.upstream(), services);
        toxics.forEach(proxy.toxics()::add);
        if (spec.enabled()) {
            proxy.start();
        }
        return proxy;
    }

    synchronized ApiResponse showProxy(String name) throws ApiError {
        return ApiResponse.json(200, JsonOutput.proxy(proxy(name)));
    }

    synchronized ApiResponse updateProxy(String name, byte[] body) throws ApiError {
        Proxy proxy = proxy(name);
        ApiBodies.ProxySpec spec = ApiBodies.proxyUpdate(body, proxy);
        proxy.update(spec.listen(), spec.upstream(), spec.enabled());
        return ApiResponse.json(200, JsonOutput.proxy(proxy));
    }

    synchronized ApiResponse deleteProxy(String name) throws ApiError {
        proxy(name).stop();
        proxies.remove(name);
        return ApiResponse.noContent();
    }

    synchronized ApiResponse listToxics(String proxyName) throws ApiError {
        return ApiResponse.json(200, JsonOutput.toxics(proxy(proxyName).toxics().all()));
    }

    synchronized ApiResponse createToxic(String proxyName, byte[] body) throws ApiError {
        ToxicSet toxics = proxy(proxyName).toxics();
        Toxic toxic = ApiBodies.toxic(body, name -> toxics.get(name) != null);
        toxics.add(toxic);
        return ApiResponse.json(200, JsonOutput.toxic(toxic));
    }

    synchronized ApiResponse showToxic(String proxyName, String toxicName) throws ApiError {
        return ApiResponse.json(200, JsonOutput.toxic(toxic(proxy(proxyName), toxicName)));
    }

    /** An update restarts the toxic on every live link, with a new toxicity draw, as in Toxiproxy. */
    synchronized ApiResponse updateToxic(String proxyName, String toxicName, byte[] body) throws ApiError {
        Proxy proxy = proxy(proxyName);
        Toxic updated = ApiBodies.toxicUpdate(body, toxic(proxy, toxicName));
        proxy.toxics().update(updated, true);
        return ApiResponse.json(200, JsonOutput.toxic(updated));
    }

    synchronized ApiResponse deleteToxic(String proxyName, String toxicName) throws ApiError {
        Proxy proxy = proxy(proxyName);
        toxic(proxy, toxicName);
        proxy.toxics().remove(toxicName);
        return ApiResponse.noContent();
    }

    /** Re-enables every proxy and removes every toxic; live connections stay. Stops at the first bind failure. */
    synchronized ApiResponse reset() throws ApiError {
        for (Proxy proxy : proxies.values()) {
            proxy.start();
            proxy.toxics().clear();
        }
        return ApiResponse.noContent();
    }

    synchronized void closeAll() {
        proxies.values().forEach(Proxy::stop);
    }

    private Proxy proxy(String name) throws ApiError {
        Proxy proxy = proxies.get(name);
        if (proxy == null) {
            throw ApiError.proxyNotFound();
        }
        return proxy;
    }

    private static Toxic toxic(Proxy proxy, String name) throws ApiError {
        Toxic toxic = proxy.toxics().get(name);
        if (toxic == null) {
            throw ApiError.toxicNotFound();
        }
        return toxic;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
