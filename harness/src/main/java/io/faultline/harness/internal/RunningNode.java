package io.faultline.harness.internal;

import io.faultline.harness.Node;
import io.faultline.harness.NodeSpec;

import io.faultline.harness.backend.BackendNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** A node of a booted cluster: its backend process or container, with every action recorded. */
final class RunningNode implements Node {
    private static final long NOT_UP = Long.MAX_VALUE;

    private final NodeSpec spec;
    private final BackendNode backend;
    private final Recorder recorder;
    private final Path log;
    private final Path dataDir;
    private volatile State state = State.DOWN;
    /** When on the run's clock the node was last ready or resumed; {@link #NOT_UP} while down, paused or booting. */
    private volatile long upSince = NOT_UP;

    RunningNode(NodeSpec spec, BackendNode backend, Recorder recorder, Path log, Path dataDir) {
        this.spec = spec;
        this.backend = backend;
        this.recorder = recorder;
        this.log = log;
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public State state() {
        if (state != State.DOWN && !backend.isAlive()) {
            state = State.DOWN;
        }
        return state;
    }

    @Override
    public String directAddress(String port) {
        Integer number = spec.ports().get(port);
        if (number == null) {
            throw new IllegalArgumentException("node " + name() + " has no port '" + port + "'; it has " + spec.ports().keySet());
        }
        return backend.directAddress(number);
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public Stream<String> logSinceStart() throws IOException {
        if (!Files.exists(log)) {
            return Stream.empty();
        }
        List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = 0;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (BackendNode.isStartMarker(lines.get(i), name())) {
                start = i + 1;
                break;
            }
        }
        return new ArrayList<>(lines.subList(start, lines.size())).stream();
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** The ports the node listens on now; empty when this cannot be told here. */
    Optional<Set<Integer>> listeningPorts() {
        return backend.listeningPorts();
    }

    /** Whether the node has been up — ready or resumed, neither killed nor paused since — for {@code nanos} at {@code now}. */
    boolean upFor(long nanos, long now) {
        long since = upSince;
        return state() == State.RUNNING && since != NOT_UP && now - since >= nanos;
    }

    /** Starts the node and waits until its health check passes. */
    void start() {
        upSince = NOT_UP;
        recorder.event("node-start", "node", name());
        try {
            backend.start();
            state = State.RUNNING;
            backend.awaitReady(() -> spec.healthCheck().isReady(this), spec.startTimeout());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("node " + name() + ": " + e.getMessage(), e);
        }
        upSince = recorder.clock().nanos();
        recorder.event("node-ready", "node", name());
    }

    @Override
    public void kill() {
        upSince = NOT_UP;
        recorder.event("node-kill", "node", name());
        run(backend::kill);
        state = State.DOWN;
    }

    @Override
    public void pause() {
        upSince = NOT_UP;
        recorder.event("node-pause", "node", name());
        run(backend::pause);
        state = State.PAUSED;
    }

    @Override
    public void resume() {
        run(backend::resume);
        state = State.RUNNING;
        upSince = recorder.clock().nanos();
        recorder.event("node-resume", "node", name());
    }

    @Override
    public void restart() {
        if (state == State.PAUSED) {
            resume();
        }
        if (backend.isAlive()) {
            kill();
        }
        start();
    }

    private interface Action {
        void run() throws Exception;
    }

    private void run(Action action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("node " + name() + ": " + e.getMessage(), e);
        }
    }

}
