package io.faultline.suites;

import io.faultline.harness.Node;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A node for tests of what reads nodes (probes, their benchmarks): always running, and nothing else
 * until a subclass says so; every other call says it is a stand-in.
 */
public abstract class StandInNode implements Node {
    private final String name;

    protected StandInNode(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public State state() {
        return State.RUNNING;
    }

    @Override
    public String directAddress(String port) {
        throw unsupported("ports");
    }

    @Override
    public Path log() {
        throw unsupported("log");
    }

    @Override
    public Stream<String> logSinceStart() {
        throw unsupported("log");
    }

    @Override
    public Path dataDir() {
        throw unsupported("data directory");
    }

    @Override
    public void kill() {
        throw unsupported("process to kill");
    }

    @Override
    public void pause() {
        throw unsupported("process to pause");
    }

    @Override
    public void resume() {
        throw unsupported("process to resume");
    }

    @Override
    public void restart() {
        throw unsupported("process to restart");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("stand-in node " + name + " has no " + what);
    }
}
