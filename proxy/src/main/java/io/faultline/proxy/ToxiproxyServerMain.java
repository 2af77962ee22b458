package io.faultline.proxy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the server until the process is killed, with toxiproxy-server's flags (one or two dashes,
 * {@code --flag value} or {@code --flag=value}): --host (default 127.0.0.1, where
 * toxiproxy-server defaults to localhost), --port (8474), --config FILE (a /populate body loaded at
 * start), --proxy-metrics / --runtime-metrics (serve /metrics), --seed N, --version.
 */
public final class ToxiproxyServerMain {
    private ToxiproxyServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Upstreams are dialled by name per connection, and names come and go (a container is killed,
        // then started again). toxiproxy-server caches nothing; the JDK caches failed lookups for 10 s
        // (java.security's networkaddress.cache.negative.ttl, which -Dsun.net.inetaddr.negative.ttl
        // does not override), so a restarted upstream would stay unreachable that long.
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        java.security.Security.setProperty("networkaddress.cache.ttl", "0");
        System.exit(run(args, System.out, System.err));
    }

    /** Returns the exit status for bad usage or a failed start; blocks forever otherwise. */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 8474;
        Path config = null;
        boolean metrics = false;
        Long seed = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i].startsWith("--") ? args[i].substring(1) : args[i];
                String value = null;
                int equals = arg.indexOf('=');
                if (equals > 0) {
                    value = arg.substring(equals + 1);
                    arg = arg.substring(0, equals);
                }
                switch (arg) {
                    case "-version":
                        out.println("toxiproxy-server version " + ProxyApi.VERSION);
                        return 0;
                    case "-proxy-metrics":
                    case "-runtime-metrics":
                        metrics = true;
                        break;
                    case "-host":
                        host = value != null ? value : next(args, ++i, arg);
                        break;
                    case "-port":
                        port = (int) number(arg, value != null ? value : next(args, ++i, arg), 0, 65535);
                        break;
                    case "-config":
                        config = Path.of(value != null ? value : next(args, ++i, arg));
                        break;
                    case "-seed":
                        seed = number(arg, value != null ? value : next(args, ++i, arg), Long.MIN_VALUE, Long.MAX_VALUE);
                        break;
                    case "-h":
                    case "-help":
                        out.println(usage());
                        return 0;
                    default:
                        throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + usage());
            return 2;
        }
        ToxiproxyServer server;
        try {
            server = ToxiproxyServer.start(new ServerOptions(host, port, metrics, seed));
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "toxiproxy-shutdown"));
        out.println("Starting Toxiproxy HTTP server on " + server.url());
        if (config != null) {
            populate(server, config, out, err);
        }
        new CountDownLatch(1).await();
        return 0;
    }

    private static void populate(ToxiproxyServer server, Path config, PrintStream out, PrintStream err) {
        try {
            String error = server.populate(Files.readAllBytes(config));
            if (error == null) {
                out.println("Populated proxies from " + config);
            } else {
                err.println("Failed to populate proxies from " + config + ": " + error);
            }
        } catch (IOException e) {
            err.println("Error reading config file " + config + ": " + e.getMessage());
        }
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("-" + flag + " needs a value");
        }
        return args[i];
    }

    private static long number(String flag, String text, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-" + flag + " takes an integer from " + min + " to " + max + ", not '" + text + "'");
    }

    private static String usage() {
        return "usage: toxiproxy-server [--host 127.0.0.1] [--port 8474] [--config proxies.json]"
                + " [--proxy-metrics] [--seed N] [--version]";
    }
}
