package io.faultline.harness.backend.docker;

import io.faultline.harness.backend.ProcFs;

import io.faultline.harness.backend.Readiness;

import io.faultline.harness.backend.BackendNode;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A node as a container that outlives its process: created once, then started, killed, paused and
 * started again as the same container, so it keeps its alias, mounts and data. (Testcontainers'
 * {@code GenericContainer} models start = create + start and stop = remove, which is why nodes use
 * docker-java directly.) Host ports change at every start, so they are read again after each one.
 */
final class DockerNode implements BackendNode {

    /**
     * How often {@link #awaitReady} asks Docker whether the container still runs. An inspect costs
     * dockerd and this JVM a few milliseconds of CPU; three nodes asking every poll (25 ms) slowed
     * the very JVMs being waited for on a two-core machine. The health check is asked every poll.
     */
    private static final long RUNNING_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final DockerClient docker;
    private final String name;
    private final String containerId;
    private final String networkName;
    private final Path log;
    private final Consumer<DockerNode> afterStart;
    private final Object logLock = new Object();
    private OutputStream logOut;
    private volatile Map<Integer, Integer> hostPorts = Map.of();
    /** The container's process on this host, from the last start. */
    private volatile long hostPid;
    private int starts;
    private long startedNanos;
    private ResultCallback.Adapter<Frame> follower;

    DockerNode(DockerClient docker, String name, String containerId, String networkName, Path log, Consumer<DockerNode> afterStart) {
        this.docker = docker;
        this.name = name;
        this.containerId = containerId;
        this.networkName = networkName;
        this.log = log;
        this.afterStart = afterStart;
    }

    String name() {
        return name;
    }

    @Override
    public synchronized void start() throws Exception {
        InspectContainerResponse before = inspect();
        if (Boolean.TRUE.equals(before.getState().getRunning())) {
            throw new IllegalStateException("node " + name + " is already running" + (isPaused(before) ? " (paused)" : "") + "; kill it first");
        }
        awaitLastOutput(); // the marker comes after the previous start's output
        if (follower != null) {
            follower.close();
        }
        starts++;
        appendToLog((String.format(START_MARKER, name, starts) + "\n").getBytes(StandardCharsets.UTF_8));
        startedNanos = System.nanoTime();
        docker.startContainerCmd(containerId).exec();
        InspectContainerResponse started = inspect();
        hostPorts = hostPorts(started);
        hostPid = started.getState().getPidLong() == null ? 0 : started.getState().getPidLong();
        follow(Instant.parse(started.getState().getStartedAt()));
        afterStart.accept(this);
    }

    @Override
    public void awaitReady(Callable<Boolean> ready, Duration timeout) throws Exception {
        int start;
        long since;
        synchronized (this) {
            if (starts == 0) {
                throw new IllegalStateException("node " + name + " was never started; call start() first");
            }
            start = starts;
            since = startedNanos;
        }
        long[] nextRunningCheck = {System.nanoTime()};
        Readiness.await(name, start, since, timeout, log, ready, () -> {
            // an inspect costs a Docker call: ask only now and then
            if (System.nanoTime() - nextRunningCheck[0] < 0) {
                return null;
            }
            nextRunningCheck[0] = System.nanoTime() + RUNNING_CHECK_INTERVAL_NANOS;
            InspectContainerResponse.ContainerState state = inspect().getState();
            if (Boolean.TRUE.equals(state.getRunning())) {
                return null;
            }
            awaitLastOutput();
            return String.valueOf(state.getExitCodeLong());
        }, "its container (" + containerId.substring(0, 12) + ")", 25);
    }

    /** SIGKILL, and returns once the container has exited, so that a start may follow at once. */
    @Override
    public void kill() {
        hostPid = 0;
        try {
            docker.killContainerCmd(containerId).exec();
        } catch (ConflictException e) {
            return; // not running: a kill of a dead node changes nothing
        }
        docker.waitContainerCmd(containerId).start().awaitStatusCode(30, TimeUnit.SECONDS);
    }

    @Override
    public void pause() {
        docker.pauseContainerCmd(containerId).exec();
    }

    @Override
    public void resume() {
        docker.unpauseContainerCmd(containerId).exec();
    }

    /** True from start until killed or exited, paused or not. */
    @Override
    public boolean isAlive() {
        return Boolean.TRUE.equals(inspect().getState().getRunning());
    }

    /** {@code 127.0.0.1:<host port>}; the host port mapped at the last start (refused once killed). */
    @Override
    public String directAddress(int port) {
        Integer hostPort = hostPorts.get(port);
        if (hostPort == null) {
            throw new IllegalStateException(starts == 0
                    ? "node " + name + " has not started yet, so its port " + port + " has no host port"
                    : "node " + name + " does not declare port " + port + "; declared: " + hostPorts.keySet());
        }
        return DockerBackend.LOOPBACK + ":" + hostPort;
    }

    /** The listeners of the container's network namespace, read from its process's {@code /proc} entry. */
    @Override
    public Optional<Set<Integer>> listeningPorts() {
        long pid = hostPid;
        if (pid <= 0) {
            return Optional.of(Set.of());
        }
        return ProcFs.listeners(pid).map(listeners -> listeners.stream().map(ProcFs.Listener::port).collect(Collectors.toSet()));
    }

    /** The process id of the container's init process on the host, while it runs. */
    Optional<Integer> pid() {
        InspectContainerResponse.ContainerState state = inspect().getState();
        return Boolean.TRUE.equals(state.getRunning()) && state.getPidLong() != null && state.getPidLong() > 0
                ? Optional.of(state.getPidLong().intValue()) : Optional.empty();
    }

    /** The node's address on the run's network, while it runs (it may change at every start). */
    Optional<String> ip() {
        ContainerNetwork network = inspect().getNetworkSettings().getNetworks().get(networkName);
        return Optional.ofNullable(network).map(ContainerNetwork::getIpAddress).filter(ip -> !ip.isEmpty());
    }

    String containerId() {
        return containerId;
    }

    /** Stops copying output; the backend removes the container. */
    void closeLog() {
        synchronized (logLock) {
            try {
                if (follower != null) {
                    follower.close();
                }
                if (logOut != null) {
                    logOut.close();
                    logOut = null;
                }
            } catch (IOException e) {
                System.err.println("faultline: closing the log of " + name + ": " + e);
            }
        }
    }

    /** The output stream of a container that has exited ends by itself; until then its last lines may be on their way. */
    private void awaitLastOutput() throws InterruptedException {
        if (follower != null) {
            follower.awaitCompletion(5, TimeUnit.SECONDS);
        }
    }

    private InspectContainerResponse inspect() {
        return docker.inspectContainerCmd(containerId).exec();
    }

    private static boolean isPaused(InspectContainerResponse container) {
        return Boolean.TRUE.equals(container.getState().getPaused());
    }

    private static Map<Integer, Integer> hostPorts(InspectContainerResponse container) {
        Map<Integer, Integer> ports = new HashMap<>();
        Map<ExposedPort, Ports.Binding[]> bindings = container.getNetworkSettings().getPorts().getBindings();
        bindings.forEach((exposed, bound) -> {
            if (bound != null) {
                Arrays.stream(bound).findFirst().ifPresent(b -> ports.put(exposed.getPort(), Integer.parseInt(b.getHostPortSpec())));
            }
        });
        return Map.copyOf(ports);
    }

    /**
     * Copies the container's output from {@code startedAt} on to the log. Docker's {@code since} has
     * whole seconds, and the container's log holds every earlier start too, so lines stamped
     * before this start are dropped by their timestamps.
     */
    private void follow(Instant startedAt) {
        follower = new ResultCallback.Adapter<>() {
            /** Frames come in order: once one is from this start, so are the rest, and their times need no parsing. */
            private boolean caughtUp;

            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                int space = indexOf(payload, (byte) ' ');
                if (space < 0) {
                    appendToLog(payload);
                    return;
                }
                try {
                    if (!caughtUp && Instant.parse(new String(payload, 0, space, StandardCharsets.US_ASCII)).isBefore(startedAt)) {
                        return;
                    }
                    caughtUp = true;
                    appendToLog(Arrays.copyOfRange(payload, space + 1, payload.length));
                } catch (DateTimeParseException e) {
                    appendToLog(payload);
                }
            }
        };
        docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).withTimestamps(true)
                .withSince((int) startedAt.getEpochSecond()).exec(follower);
    }

    private void appendToLog(byte[] bytes) {
        synchronized (logLock) {
            try {
                if (logOut == null) {
                    Files.createDirectories(log.toAbsolutePath().getParent());
                    logOut = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                logOut.write(bytes);
                logOut.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the log of node " + name + " to " + log, e);
            }
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "node " + name + " (container " + containerId.substring(0, 12) + ")";
    }
}
