package io.faultline.proxy;

/**
 * How a server is started beyond host and port: whether /metrics is served, and the seed of the
 * random source behind toxicity draws, jitter and slice sizes (null: unseeded). Unlike
 * toxiproxy-server, whose -seed has no effect, the seed is honoured; runs are still only
 * reproducible as far as the order of connections and chunks is.
 */
record ServerOptions(String host, int port, boolean proxyMetrics, Long seed) {
    static ServerOptions defaults(String host, int port) {
        return new ServerOptions(host, port, false, null);
    }
}
