package io.faultline.harness;

import io.faultline.harness.backend.BackendNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A node of a booted cluster: its backend process or container, with every action recorded. */
final class RunningNode implements Node {
    /** Each start appends this marker, then the node's output, to its log. */
    static final String START_MARKER = "---- faultline: ";

    private final NodeSpec spec;
    private final BackendNode backend;
    private final Recorder recorder;
    private final Path log;
    private final Path dataDir;
    private volatile State state = State.DOWN;

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
            if (lines.get(i).startsWith(START_MARKER)) {
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

    /** Starts the node and waits until its health check passes. */
    void start() {
        recorder.event("node-start", "node", name());
        try {
            backend.start();
        } catch (Exception e) {
            throw new NodeStartException(this, "could not start: " + e.getMessage(), e);
        }
        state = State.RUNNING;
        awaitReady();
        recorder.event("node-ready", "node", name());
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!backend.isAlive()) {
                state = State.DOWN;
                throw new NodeStartException(this, "exited while starting", null);
            }
            try {
                if (spec.healthCheck().isReady(this)) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(Duration.ofMillis(25));
        }
        throw new NodeStartException(this, "was not ready after " + spec.startTimeout().toSeconds() + " s"
                + (last == null ? "" : " (health check last said: " + last + ")"), last);
    }

    @Override
    public void kill() {
        recorder.event("node-kill", "node", name());
        run(backend::kill);
        state = State.DOWN;
    }

    @Override
    public void pause() {
        recorder.event("node-pause", "node", name());
        run(backend::pause);
        state = State.PAUSED;
    }

    @Override
    public void resume() {
        run(backend::resume);
        state = State.RUNNING;
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a node", e);
        }
    }

    /** A node that would not start, with the end of its log so the reason is in the failure message. */
    static final class NodeStartException extends RuntimeException {
        NodeStartException(RunningNode node, String what, Throwable cause) {
            super("node " + node.name() + " " + what + "; its log is " + node.log() + tail(node), cause);
        }

        private static String tail(RunningNode node) {
            try (Stream<String> lines = node.logSinceStart()) {
                List<String> all = lines.toList();
                List<String> last = all.subList(Math.max(0, all.size() - 20), all.size());
                return last.isEmpty() ? " (empty)" : ", ending:\n    " + String.join("\n    ", last);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
