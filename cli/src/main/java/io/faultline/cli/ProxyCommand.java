package io.faultline.cli;

import io.faultline.proxy.ToxiproxyServerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline proxy}: Faultline's Toxiproxy-compatible server on its own, like {@code toxiproxy-server}. */
@Command(name = "proxy",
        description = {"Runs the embedded Toxiproxy-compatible server (API 2.12) until killed, so that any",
                "Toxiproxy client, curl or Testcontainers can drive it."})
final class ProxyCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address of the HTTP API (default ${DEFAULT-VALUE}). A proxy created without a listen address listens here too.")
    private String host;

    @Option(names = "--port", defaultValue = "8474", description = "Port of the HTTP API (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--config", paramLabel = "FILE", description = "A /populate body (JSON array of proxies) to load at start.")
    private Path config;

    @Option(names = "--proxy-metrics", description = "Serve /metrics (Prometheus text) with per-proxy byte counters.")
    private boolean metrics;

    @Option(names = "--seed", description = "Seed of the random source behind toxicity, jitter and slicing.")
    private Long seed;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port)));
        if (config != null) {
            args.add("--config");
            args.add(config.toString());
        }
        if (metrics) {
            args.add("--proxy-metrics");
        }
        if (seed != null) {
            args.add("--seed");
            args.add(seed.toString());
        }
        ToxiproxyServerMain.main(args.toArray(String[]::new));
        return 0;
    }
}
