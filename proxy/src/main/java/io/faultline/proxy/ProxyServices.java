package io.faultline.proxy;

import java.util.random.RandomGenerator;

/**
 * What every proxy of one server shares: the random source (seedable, for toxicity draws, jitter
 * and slice sizes), the byte counters behind /metrics, the thread registry, and the host a proxy
 * listens on when its listen address is omitted.
 */
record ProxyServices(RandomGenerator random, ProxyMetrics metrics, Workers workers, String defaultListenHost) {

    /**
     * An omitted listen address means a random port on the API's own host. toxiproxy-server binds
     * every interface instead; a server embedded in tests must not open ports to the network unasked,
     * and one started with {@code --host 0.0.0.0} still binds every interface.
     */
    String listenOrDefault(String listen) {
        return listen.isEmpty() ? TcpAddress.joinHostPort(defaultListenHost, 0) : listen;
    }
}
