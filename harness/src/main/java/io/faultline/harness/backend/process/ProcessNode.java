package io.faultline.harness.backend.process;

import io.faultline.harness.backend.ProcFs;

import io.faultline.harness.backend.Readiness;

import io.faultline.harness.backend.Signals;

import io.faultline.harness.backend.BackendNode;
import io.faultline.harness.backend.cleanup.RunState;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A node as a child process of the test JVM, on its own loopback address. Its standard input is a
 * pipe the harness keeps open (see {@link NodeMain}); its standard output and error go, merged, to
 * the end of its log. A command runs as the leader of its own process group, so that a kill or a
 * pause reaches whatever it started.
 */
final class ProcessNode implements BackendNode {

    private static final long EXIT_TIMEOUT_SECONDS = 10;
    private static final long SIGNAL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String name;
    private final String bindHost;
    private final List<String> command;
    private final String executable;
    private final Map<String, String> environment;
    private final boolean leadsGroup;
    private final Path log;
    private final RunState state;

    private Process process;
    private int starts;
    private long startedNanos;

    /**
     * @param environment added to the test JVM's own
     * @param executable what the command finally runs, for the message when it cannot be started
     * @param leadsGroup the command runs {@code setsid}, so the process leads its own group
     */
    ProcessNode(String name, String bindHost, List<String> command, String executable, Map<String, String> environment,
                boolean leadsGroup, Path log, RunState state) {
        this.name = name;
        this.bindHost = bindHost;
        this.command = List.copyOf(command);
        this.executable = executable;
        this.environment = Map.copyOf(environment);
        this.leadsGroup = leadsGroup;
        this.log = log;
        this.state = state;
    }

    @Override
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + name + " is already running (pid " + process.pid()
                    + "); kill it before starting it again");
        }
        starts++;
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, String.format(START_MARKER, name, starts) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("node " + name + " could not be started (" + e.getMessage() + "); check that "
                    + executable + " exists and is executable. Command line: " + String.join(" ", command), e);
        }
        startedNanos = System.nanoTime();
        state.record(name, process.toHandle(), leadsGroup);
    }

    /** SIGKILL to the node, its process group and every descendant, then waits until they are gone. Nothing to do if it is down. */
    @Override
    public synchronized void kill() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        // taken before the kill: once the node dies its children belong to init and cannot be found from it
        List<ProcessHandle> descendants = process.descendants().toList();
        if (leadsGroup) {
            Signals.send("KILL", List.of(), List.of(process.pid()));
        }
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + name + " (pid " + process.pid() + ") is still there " + EXIT_TIMEOUT_SECONDS
                    + " s after SIGKILL; is it stuck in the kernel (state D in /proc/" + process.pid() + "/stat)?");
        }
        process.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_TIMEOUT_SECONDS);
        List<Long> left = survivors(descendants);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = survivors(descendants);
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes " + left + " started by node " + name + " are still there "
                    + EXIT_TIMEOUT_SECONDS + " s after SIGKILL");
        }
    }

    /** SIGSTOP to the node (and its group and descendants); returns once the node is stopped. */
    @Override
    public synchronized void pause() throws IOException, InterruptedException {
        signalAndAwait("STOP", "pause", state -> state == 'T');
    }

    /** SIGCONT to the node (and its group and descendants); returns once the node runs again. */
    @Override
    public synchronized void resume() throws IOException, InterruptedException {
        signalAndAwait("CONT", "resume", state -> state != 'T');
    }

    @Override
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void awaitReady(Callable<Boolean> ready, Duration timeout) throws Exception {
        Process started;
        int start;
        long since;
        synchronized (this) {
            if (process == null) {
                throw new IllegalStateException("node " + name + " was never started; call start() first");
            }
            started = process;
            start = starts;
            since = startedNanos;
        }
        Readiness.await(name, start, since, timeout, log, ready,
                () -> started.isAlive() ? null : describeExit(started.exitValue()), "the process (pid " + started.pid() + ")", 20);
    }

    @Override
    public String directAddress(int port) {
        return bindHost + ":" + port;
    }

    /** Listeners of the host's network namespace on the node's own address or on every address. */
    @Override
    public Optional<Set<Integer>> listeningPorts() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null || !running.isAlive()) {
            return Optional.of(Set.of());
        }
        InetAddress own;
        try {
            own = InetAddress.getByName(bindHost);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return ProcFs.listeners(running.pid()).map(listeners -> listeners.stream()
                .filter(l -> l.address().isAnyLocalAddress() || l.address().equals(own))
                .map(ProcFs.Listener::port)
                .collect(Collectors.toSet()));
    }

    String name() {
        return name;
    }

    /** The process of the latest start. */
    synchronized ProcessHandle process() {
        if (process == null) {
            throw new IllegalStateException("node " + name + " was never started");
        }
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    @Override
    public String toString() {
        return "node " + name + " on " + bindHost;
    }

    private void signalAndAwait(String signal, String verb, Predicate<Character> reached) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("cannot " + verb + " node " + name + ": it is not running"
                    + (process == null ? "" : " (exit code " + describeExit(process.exitValue()) + ")"));
        }
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(child -> pids.add(child.pid()));
        String failure = Signals.send(signal, pids, leadsGroup ? List.of(process.pid()) : List.of());
        if (!ProcFs.available()) {
            if (failure != null) {
                throw new IllegalStateException("could not " + verb + " node " + name + ": " + failure);
            }
            return;
        }
        // a descendant that just exited makes kill complain; what matters is that the node itself obeyed
        long deadline = System.nanoTime() + SIGNAL_TIMEOUT_NANOS;
        while (!ProcFs.state(process.pid()).map(reached::test).orElse(false)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("cannot " + verb + " node " + name + ": it exited with code "
                        + describeExit(process.exitValue()));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("node " + name + " (pid " + process.pid() + ") did not " + verb
                        + " within 2 s of SIG" + signal
                        + (failure == null ? "" : "; " + failure));
            }
            Thread.sleep(1);
        }
    }

    private static List<Long> survivors(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).filter(pid -> !ProcFs.isGone(pid)).toList();
    }

    private static String describeExit(int code) {
        return code > 128 ? code + " (killed by signal " + (code - 128) + ")" : Integer.toString(code);
    }

}
