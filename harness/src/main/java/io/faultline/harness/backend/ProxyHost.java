package io.faultline.harness.backend;

import java.net.URI;

/**
 * Where the proxies of a run live: a Toxiproxy API (embedded or real) and the addresses on which its
 * proxies listen, seen from the nodes and from the test JVM.
 */
public interface ProxyHost {

    /**
     * The Toxiproxy HTTP API, reachable from the test JVM. A server in a container may still be
     * starting: this waits until it runs, and from then on the nodes can reach it too.
     */
    URI api();

    /**
     * Returns once the API answers. A server in a container may still be starting when the backend
     * has started; the harness starts the nodes meanwhile.
     */
    void awaitApi() throws Exception;

    /** A fresh listen address for the proxy of a link between two nodes, which only nodes reach. */
    Endpoint allocateLink() throws Exception;

    /** A fresh listen address for a client proxy, which the test JVM (and so clients) reach. */
    Endpoint allocateClient() throws Exception;

    /**
     * One proxy's addresses.
     *
     * @param listen what to pass as the proxy's {@code listen} in the Toxiproxy API
     * @param fromNodes {@code host:port} at which nodes reach the proxy
     * @param fromHost {@code host:port} at which the test JVM reaches it; null for a link proxy that
     *     only nodes reach (the Docker backend maps no host port for it)
     */
    record Endpoint(String listen, String fromNodes, String fromHost) {
    }
}
