package io.faultline.harness.backend.process;

import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.LogTail;
import io.faultline.harness.backend.ProxyHost;
import io.faultline.harness.backend.cleanup.RunState;

import io.faultline.proxy.ToxiproxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The proxies of a process-backend run, all on the run's proxy address (127.0.b.1 of its
 * {@link LoopbackBlock}), where both the nodes and the test JVM reach them; the API on 127.0.0.1. In order of preference: the Toxiproxy at {@code TOXIPROXY_URL}; a {@code toxiproxy-server}
 * found on the {@code PATH}, started for the run and killed at its close; else the embedded
 * Toxiproxy-compatible server, in this JVM.
 */
final class LocalProxyHost implements ProxyHost, AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    static final String BINARY = "toxiproxy-server";

    private static final long BINARY_START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Proxies listen from here up to the ephemeral range. */
    private static final int FIRST_PROXY_PORT = 10000;
    private static final int DEFAULT_EPHEMERAL_START = 32768;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private final URI api;
    private final ToxiproxyServer embedded;
    private final Process binary;
    private final Set<Integer> usedPorts = new HashSet<>();
    /** Where the run's proxies listen: the run's own loopback address, so that runs at once never share a port. */
    private String proxyAddress = LOOPBACK;

    private LocalProxyHost(URI api, ToxiproxyServer embedded, Process binary) {
        this.api = api;
        this.embedded = embedded;
        this.binary = binary;
        if (api.getPort() > 0) {
            usedPorts.add(api.getPort());
        }
    }

    /**
     * Starts or finds the run's proxy server and says once, on {@code console}, which one and why.
     *
     * @param env the environment to read {@code TOXIPROXY_URL} and {@code PATH} from
     * @param markers environment marking a started {@code toxiproxy-server} as the run's
     */
    static LocalProxyHost start(Backend.RunInfo run, Map<String, String> env, Map<String, String> markers,
                                RunState state, Optional<Path> setsid, PrintStream console) throws IOException, InterruptedException {
        return start(run, env, markers, state, setsid, console, LOOPBACK);
    }

    /** As above, the proxies listening on {@code proxyAddress} (the API stays on {@value #LOOPBACK}). */
    static LocalProxyHost start(Backend.RunInfo run, Map<String, String> env, Map<String, String> markers,
                                RunState state, Optional<Path> setsid, PrintStream console, String proxyAddress)
            throws IOException, InterruptedException {
        LocalProxyHost host = startServer(run, env, markers, state, setsid, console);
        host.proxyAddress = proxyAddress;
        return host;
    }

    private static LocalProxyHost startServer(Backend.RunInfo run, Map<String, String> env, Map<String, String> markers,
                                              RunState state, Optional<Path> setsid, PrintStream console) throws IOException, InterruptedException {
        String url = env.get("TOXIPROXY_URL");
        if (url != null && !url.isBlank()) {
            URI api = connectTo(url.trim());
            console.println("faultline: proxies: Toxiproxy at " + api + " (TOXIPROXY_URL)");
            return new LocalProxyHost(api, null, null);
        }
        Optional<Path> binary = ProcessBackend.findOnPath(env, BINARY);
        if (binary.isPresent()) {
            LocalProxyHost host = startBinary(binary.get(), run, markers, state, setsid);
            console.println("faultline: proxies: " + binary.get() + " on " + host.api.getHost() + ":" + host.api.getPort()
                    + " (found on PATH; no TOXIPROXY_URL), its log in " + binaryLog(run));
            return host;
        }
        ToxiproxyServer server = ToxiproxyServer.start(LOOPBACK, 0);
        console.println("faultline: proxies: embedded Toxiproxy-compatible server on " + server.host() + ":" + server.port()
                + " (no TOXIPROXY_URL, no " + BINARY + " on PATH)");
        return new LocalProxyHost(server.url(), server, null);
    }

    @Override
    public URI api() {
        return api;
    }

    /** The embedded server answers once started, a started binary was waited for, and a Toxiproxy at TOXIPROXY_URL was found answering. */
    @Override
    public void awaitApi() {
    }

    @Override
    public Endpoint allocateLink() throws IOException {
        return allocate();
    }

    @Override
    public Endpoint allocateClient() throws IOException {
        return allocate();
    }

    /**
     * {@code 127.0.0.1} and a port free now, below the ephemeral range and never handed out before
     * in this run; nodes and the test JVM reach it alike. A link proxy stays unbound while its node
     * starts ({@code LinkGate}); in the ephemeral range, a node's or a health check's outgoing
     * connection could take its port meanwhile, and the proxy could then not listen.
     */
    private synchronized Endpoint allocate() throws IOException {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PROXY_PORT, below);
            if (!usedPorts.contains(port) && isFree(proxyAddress, port)) {
                usedPorts.add(port);
                String address = proxyAddress + ":" + port;
                return new Endpoint(address, address, address);
            }
        }
        throw new IOException("found no free port on " + proxyAddress + " between " + FIRST_PROXY_PORT + " and " + below
                + " (where the ephemeral range, /proc/sys/net/ipv4/ip_local_port_range, begins) after 1000 tries");
    }

    /** Where the kernel's ephemeral ports begin: {@code /proc/sys/net/ipv4/ip_local_port_range}, else Linux's default. */
    private static int ephemeralRangeStart() {
        try {
            int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return start > FIRST_PROXY_PORT + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean isFree(String address, int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the embedded server or the started {@code toxiproxy-server}; a Toxiproxy found at {@code TOXIPROXY_URL} is left running. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (binary != null) {
            binary.destroyForcibly();
            try {
                binary.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static URI connectTo(String url) throws IOException {
        URI api = URI.create(url);
        String fix = "; set TOXIPROXY_URL to a Toxiproxy on this machine, such as http://127.0.0.1:8474,"
                + " or unset it to use the embedded server";
        if (api.getHost() == null || api.getPort() < 0) {
            throw new IOException("TOXIPROXY_URL=" + url + " has no host:port" + fix);
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(api.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IOException("TOXIPROXY_URL=" + url + ": unknown host " + api.getHost() + fix, e);
        }
        if (!loopback) {
            throw new IOException("TOXIPROXY_URL=" + url + " is not on this machine, but the process backend's proxies listen on "
                    + LOOPBACK + fix);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), 2000);
        } catch (IOException e) {
            throw new IOException("nothing answers at TOXIPROXY_URL=" + url + " (" + e.getMessage() + "); start toxiproxy-server there"
                    + ", or unset TOXIPROXY_URL to use the embedded server", e);
        }
        return api;
    }

    private static LocalProxyHost startBinary(Path binary, Backend.RunInfo run, Map<String, String> markers, RunState state,
                                              Optional<Path> setsid) throws IOException, InterruptedException {
        int port = freePort();
        Path log = binaryLog(run);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.addAll(List.of(binary.toString(), "-host", LOOPBACK, "-port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(markers);
        Process process = builder.start();
        state.record(BINARY, process.toHandle(), setsid.isPresent());
        long deadline = System.nanoTime() + BINARY_START_TIMEOUT_NANOS;
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(binary + " exited with code " + process.exitValue() + " at start; its log, " + log + ", ends with:\n"
                        + LogTail.of(log) + "\nfix it, or take it off the PATH to use the embedded server");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
                return new LocalProxyHost(URI.create("http://" + LOOPBACK + ":" + port), null, process);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException(binary + " did not listen on " + LOOPBACK + ":" + port + " within 10 s; its log, " + log
                            + ", ends with:\n" + LogTail.of(log) + "\ntake it off the PATH to use the embedded server");
                }
                Thread.sleep(20);
            }
        }
    }

    private static Path binaryLog(Backend.RunInfo run) {
        return run.directory().resolve(BINARY + ".log");
    }
}
