package io.faultline.proxy;

import java.io.IOException;
import java.util.Locale;

/**
 * One named proxy: its listen and upstream addresses, whether it is enabled, and its toxics.
 * Not thread-safe: the API serialises calls. Start, stop and update follow Toxiproxy 2.12,
 * quirks included (a failed re-bind leaves the proxy disabled with the new listen stored).
 */
final class Proxy {
    private final String name;
    private final ProxyServices services;
    private final ToxicSet toxics = new ToxicSet();
    private String listen;
    private String upstream;
    private ProxyListener listener;

    Proxy(String name, String listen, String upstream, ProxyServices services) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.services = services;
    }

    String name() {
        return name;
    }

    /** The bound address once started; the text as given while it never started. */
    String listen() {
        return listen;
    }

    String upstream() {
        return upstream;
    }

    boolean enabled() {
        return listener != null;
    }

    ToxicSet toxics() {
        return toxics;
    }

    /** Binds the listen address; a no-op when already started. */
    void start() throws ApiError {
        if (enabled()) {
            return;
        }
        TcpAddress address;
        try {
            address = TcpAddress.resolve(listen);
        } catch (TcpAddress.AddressException e) {
            throw new ApiError(500, "listen tcp: " + e.getMessage());
        }
        try {
            listener = ProxyListener.open(name, address, upstream, toxics, services);
        } catch (IOException | RuntimeException e) {
            throw new ApiError(500, "listen tcp " + address + ": bind: " + errnoText(e));
        }
        listen = listener.listen();
    }

    /** Stops listening and drops every connection; a no-op when already stopped. */
    void stop() {
        if (listener != null) {
            ProxyListener closing = listener;
            listener = null;
            closing.close();
        }
    }

    /**
     * Applies a PATCH: a listen that resolves differently, or a different upstream string, restarts
     * the proxy (dropping its connections); then {@code enable} is applied.
     */
    void update(String newListen, String newUpstream, boolean enable) throws ApiError {
        if (differs(newListen, newUpstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (enable != enabled()) {
            if (enable) {
                start();
            } else {
                stop();
            }
        }
    }

    /** Toxiproxy's comparison: the other listen resolved as a TCP address against ours as stored. */
    boolean differs(String otherListen, String otherUpstream) throws ApiError {
        try {
            return !listen.equals(TcpAddress.resolve(otherListen).toString()) || !upstream.equals(otherUpstream);
        } catch (TcpAddress.AddressException e) {
            throw new ApiError(500, e.getMessage());
        }
    }

    /** Go prints the errno text in lower case: "address already in use". */
    private static String errnoText(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int detail = message.indexOf(" (");
        if (detail > 0) {
            message = message.substring(0, detail);
        }
        return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
