package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.ProxyHost;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The run's proxy server, a container on the run's network with the alias {@value #ALIAS}: the
 * Toxiproxy API on {@value #API_PORT} and client proxies from {@value #FIRST_CLIENT_PORT} on, mapped to
 * the host's loopback, where the test JVM reaches them; link proxies from {@value #FIRST_LINK_PORT} on,
 * which only nodes reach, by alias, and so are not mapped (every mapped port made the container's
 * start slower: 16 took some 0.15–0.4 s more than 1).
 *
 * <p>The server is a real {@code ghcr.io/shopify/toxiproxy} image when one is present locally;
 * otherwise Faultline's own server in the JRE image, its jars bind-mounted read-only rather than
 * baked into an image of their own: nothing more to build or hash, mounting is faster than copying,
 * and the container always runs the proxy code the test runs with.
 */
final class DockerProxy implements ProxyHost {

    static final String ALIAS = "faultline-proxy";
    static final int API_PORT = 8474;
    static final int FIRST_CLIENT_PORT = 20000;
    static final int FIRST_LINK_PORT = 30000;
    static final String TOXIPROXY_IMAGE = "ghcr.io/shopify/toxiproxy";

    /** Faultline's own server, run unless a real Toxiproxy image is present. */
    static final String SERVER_MAIN = "io.faultline.proxy.ToxiproxyServerMain";

    private static final AtomicBoolean CHOICE_LOGGED = new AtomicBoolean();
    private static final Duration API_TIMEOUT = Duration.ofSeconds(60);
    private static final long API_POLL_MILLIS = 20;
    /** Asking Docker whether the container still runs is slower than asking the API: every 25th try. */
    private static final int RUNNING_CHECK_EVERY = 25;

    private final GenericContainer<?> container;
    private final CompletableFuture<Void> started;
    private final int clientProxyCount;
    private final OutputStream log;
    private final Path logFile;
    private int clients;
    private int links;

    private DockerProxy(GenericContainer<?> container, CompletableFuture<Void> started, int clientProxyCount, OutputStream log,
                        Path logFile) {
        this.container = container;
        this.started = started;
        this.clientProxyCount = clientProxyCount;
        this.log = log;
        this.logFile = logFile;
    }

    /**
     * Starts the server's container, in the background: what needs it running ({@link #api},
     * {@link #allocateClient}) waits for it, and {@link #awaitApi} until its API answers.
     */
    static DockerProxy start(DockerClient docker, Network network, String jreImage, String containerName,
                             Map<String, String> labels, int clientProxyCount, Path log) {
        List<Integer> ports = new ArrayList<>(List.of(API_PORT));
        for (int i = 0; i < clientProxyCount; i++) {
            ports.add(FIRST_CLIENT_PORT + i);
        }
        Optional<String> toxiproxy = localToxiproxy(docker);
        List<Bind> binds = new ArrayList<>();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(toxiproxy.orElse(jreImage)));
        if (toxiproxy.isPresent()) {
            logChoiceOnce("faultline: proxy server: " + toxiproxy.get() + " (present locally)");
            container.withCommand("-host=0.0.0.0", "-port=" + API_PORT);
        } else {
            logChoiceOnce("faultline: proxy server: " + SERVER_MAIN + " in " + jreImage
                    + " (no " + TOXIPROXY_IMAGE + " image present locally)");
            DockerClasspath classpath = DockerClasspath.mount(serverClasspath());
            binds.addAll(classpath.binds());
            List<String> command = new ArrayList<>(List.of("java"));
            // ToxiproxyServerMain turns off the JDK's DNS caches itself: upstream containers come and go.
            command.addAll(List.of("-cp", classpath.classpath(), SERVER_MAIN, "--host", "0.0.0.0", "--port", String.valueOf(API_PORT)));
            container.withCommand(command.toArray(String[]::new));
        }
        OutputStream logOut = openLog(log);
        container.withNetwork(network)
                .withNetworkAliases(ALIAS)
                .withLabels(labels)
                .withExposedPorts(ports.toArray(Integer[]::new))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(containerName);
                    // Binds go in here: withFileSystemBind of a file makes Testcontainers check file
                    // mounting with an alpine container, which it would try to pull for two minutes.
                    cmd.getHostConfig().withBinds(binds);
                    cmd.getHostConfig().withPortBindings(ports.stream()
                            .map(p -> new PortBinding(Ports.Binding.bindIp(DockerBackend.LOOPBACK), ExposedPort.tcp(p)))
                            .toList());
                })
                .withLogConsumer(frame -> {
                    try {
                        synchronized (logOut) {
                            logOut.write(frame.getBytes() == null ? new byte[0] : frame.getBytes());
                            logOut.flush();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .waitingFor(new ContainerRuns());
        // In the background: the harness creates the nodes meanwhile, and waits (started()) before it
        // needs the server's ports or lets a node look for it by name.
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                container.start();
                started.complete(null);
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        }, "faultline-proxy-container");
        starter.setDaemon(true);
        starter.start();
        return new DockerProxy(container, started, clientProxyCount, logOut, log);
    }

    /** Once the container runs: then its host ports are known and the nodes find it by name. */
    @Override
    public URI api() {
        started();
        return URI.create("http://" + DockerBackend.LOOPBACK + ":" + container.getMappedPort(API_PORT));
    }

    /**
     * Asks {@code GET /version} every 20 ms until it answers, which is some 0.4 s after the
     * container starts. (Testcontainers' own HTTP wait asks at most once a second, a rate limit
     * shared by every wait in the JVM, and cost up to a second of every boot.)
     */
    @Override
    public void awaitApi() throws IOException, InterruptedException {
        URI version = api().resolve("/version");
        long deadline = System.nanoTime() + API_TIMEOUT.toNanos();
        String last = "no answer yet";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpURLConnection http = (HttpURLConnection) version.toURL().openConnection();
                http.setConnectTimeout(500);
                http.setReadTimeout(500);
                int status = http.getResponseCode();
                http.disconnect();
                if (status == 200) {
                    return;
                }
                last = "status " + status;
            } catch (IOException e) {
                last = e.toString(); // Docker's port forwarder accepts, then drops, until the server listens
            }
            if (attempt % RUNNING_CHECK_EVERY == 0 && !container.isRunning()) {
                throw new IOException("the proxy server's container exited before its API answered at " + version
                        + "; its log is " + logFile);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the proxy server's API at " + version + " did not answer within "
                        + API_TIMEOUT.toSeconds() + " s (last: " + last + "); its log is " + logFile);
            }
            Thread.sleep(API_POLL_MILLIS);
        }
    }

    @Override
    public synchronized Endpoint allocateLink() {
        int port = FIRST_LINK_PORT + links++;
        return new Endpoint("0.0.0.0:" + port, ALIAS + ":" + port, null);
    }

    @Override
    public synchronized Endpoint allocateClient() {
        started();
        if (clients == clientProxyCount) {
            throw new IllegalStateException("all " + clientProxyCount + " client proxy ports of this run are taken: "
                    + "RunInfo.clientProxyCount said " + clientProxyCount + ", and the proxy container's ports are mapped when it starts");
        }
        int port = FIRST_CLIENT_PORT + clients++;
        return new Endpoint("0.0.0.0:" + port, ALIAS + ":" + port, DockerBackend.LOOPBACK + ":" + container.getMappedPort(port));
    }

    void stop() {
        started.handle((value, failure) -> null).join();
        container.stop();
        try {
            log.close();
        } catch (IOException e) {
            System.err.println("faultline: closing the proxy server's log: " + e);
        }
    }

    /**
     * Faultline's server and what it needs at run time: Jackson, its only dependency
     * ({@code proxy/pom.xml}); keep the two in step.
     */
    private static List<String> serverClasspath() {
        try {
            Class<?> main = Class.forName(SERVER_MAIN, false, DockerProxy.class.getClassLoader());
            return List.of(DockerClasspath.entryOf(main), DockerClasspath.entryOf(ObjectMapper.class),
                    DockerClasspath.entryOf(JsonParser.class), DockerClasspath.entryOf(JsonProperty.class));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the proxy server " + SERVER_MAIN + " is not on the classpath; "
                    + "the harness depends on faultline-proxy, so build it: mvn -pl proxy install", e);
        }
    }

    private static Optional<String> localToxiproxy(DockerClient docker) {
        List<Image> images = docker.listImagesCmd().withReferenceFilter(TOXIPROXY_IMAGE).exec();
        return images.stream()
                .flatMap(i -> i.getRepoTags() == null ? Stream.empty() : Arrays.stream(i.getRepoTags()))
                .filter(tag -> tag.startsWith(TOXIPROXY_IMAGE + ":"))
                .max((a, b) -> a.endsWith(":latest") ? 1 : b.endsWith(":latest") ? -1 : a.compareTo(b));
    }

    /** Running is enough: {@link #awaitApi} waits for the API, while the harness starts the nodes. */
    private static final class ContainerRuns extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
        }
    }

    /** Returns once the container runs; throws, naming its log, if it did not start. */
    private void started() {
        try {
            started.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the proxy server's container did not start; its log is " + logFile + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void logChoiceOnce(String line) {
        if (CHOICE_LOGGED.compareAndSet(false, true)) {
            System.err.println(line);
        }
    }

    private static OutputStream openLog(Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the proxy server's log " + log, e);
        }
    }
}
