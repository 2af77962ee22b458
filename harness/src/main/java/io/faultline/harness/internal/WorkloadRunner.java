package io.faultline.harness.internal;

import io.faultline.harness.Completion;

import io.faultline.harness.Invocation;

import io.faultline.harness.Client;
import io.faultline.harness.Cluster;
import io.faultline.harness.Workload;

import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link Workload}'s logical processes and records their operations with Jepsen's semantics:
 * an {@code :invoke}, then {@code :ok}, {@code :fail} or — when the client threw or the operation
 * timed out — {@code :info}, after which the process continues under a fresh number.
 */
final class WorkloadRunner {
    private static final Keyword TIMEOUT = Keyword.of("timeout");

    private final Cluster cluster;
    private final Workload workload;
    private final Recorder recorder;
    private final long seed;
    private final RunPhase phase;
    private final List<Slot> slots = new ArrayList<>();
    /**
     * Runs every client call, client opening and closing of the run. A thread is made only when none
     * is idle: a thread (or two) made per client, as before, meant that under load — where operations
     * time out, each timeout retires a client, and every new process opens another — the run spent its
     * share of the machine making threads, and operations timed out waiting for it.
     */
    private final ExecutorService calls = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "faultline-client-" + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        }
    });
    private volatile boolean running;

    WorkloadRunner(Cluster cluster, Workload workload, Recorder recorder, long seed, RunPhase phase) {
        this.cluster = cluster;
        this.phase = phase;
        this.workload = workload;
        this.recorder = recorder;
        this.seed = seed;
    }

    void start() {
        running = true;
        for (int s = 0; s < workload.processes(); s++) {
            Slot slot = new Slot(s);
            slots.add(slot);
            slot.thread.start();
        }
    }

    /** Stops invoking, waits for operations in flight (up to the timeout), then runs the final reads if asked. */
    void stop(boolean finalReads) throws InterruptedException {
        running = false;
        for (Slot slot : slots) {
            slot.thread.join(workload.opTimeout().toMillis() + 5_000);
        }
        if (finalReads && workload.finalRead() != null) {
            phase.set("final-reads");
            recorder.event("phase", "phase", "final-reads");
            List<Thread> readers = new ArrayList<>();
            for (Slot slot : slots) {
                Thread t = new Thread(() -> slot.perform(workload.finalRead()), "faultline-final-read-" + slot.index);
                t.start();
                readers.add(t);
            }
            for (Thread t : readers) {
                t.join(workload.opTimeout().toMillis() + 5_000);
            }
        }
        for (Slot slot : slots) {
            slot.close();
        }
        // a call still stuck in a client past its timeout is interrupted, as its own thread was before
        calls.shutdownNow();
    }

    /** One logical process at a time: a slot's process number changes after each indeterminate operation. */
    private final class Slot {
        final int index;
        final Thread thread;
        final Random random;
        int process;
        Client client;
        int openFailures;

        Slot(int index) {
            this.index = index;
            this.process = index;
            this.random = new Random(seed * 1_000_003L + index);
            this.thread = new Thread(this::loop, "faultline-process-" + index);
            this.thread.setDaemon(true);
        }

        void loop() {
            long period = workload.opsPerSecond() > 0
                    ? (long) (1e9 * workload.processes() / workload.opsPerSecond()) : 0;
            // Open-loop slots start staggered so that the total rate is even.
            long next = System.nanoTime() + period * index / Math.max(1, workload.processes());
            while (running) {
                if (period > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    next += period;
                }
                if (running) {
                    perform(workload.generator().next(random, process, phase.now()));
                }
            }
        }

        void perform(Invocation invocation) {
            if (!ensureClient()) {
                return;
            }
            Client current = client;
            recorder.op(new Op(-1, process, OpType.INVOKE, invocation.f(), invocation.value(), Op.NO_TIME, null));
            Completion completion;
            Future<Completion> call = null;
            try {
                call = calls.submit(() -> current.invoke(invocation));
                completion = call.get(workload.opTimeout().toNanos(), TimeUnit.NANOSECONDS);
                if (completion == null) {
                    completion = Completion.info("the client returned no completion");
                }
            } catch (TimeoutException e) {
                call.cancel(true);
                completion = Completion.info(TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.cancel(true);
                completion = Completion.info("interrupted");
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // a slot that outlived stop()'s wait: its call never started, so nothing was applied
                completion = Completion.fail("not sent: the workload had stopped");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                completion = Completion.info(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            Object value = completion.type() == OpType.OK ? completion.value() : invocation.value();
            recorder.op(new Op(-1, process, completion.type(), invocation.f(), value, Op.NO_TIME, completion.error()));
            if (completion.type() == OpType.INFO) {
                // Jepsen's rule: a process whose operation is indeterminate never runs again.
                close();
                process += workload.processes();
            }
        }

        /**
         * Opens this process's client if it has none, within the operation timeout; a factory that
         * throws or hangs is recorded as a {@code client-error} event and tried again after a
         * growing pause. A slot that never opens a client again fails the run unless relaxed.
         */
        boolean ensureClient() {
            if (client != null) {
                return true;
            }
            int opening = process;
            Future<Client> open;
            try {
                open = calls.submit(() -> workload.clients().open(cluster, opening));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return false; // the workload has stopped
            }
            try {
                client = open.get(workload.opTimeout().toNanos(), TimeUnit.NANOSECONDS);
                if (openFailures > 0) {
                    // a client that could not open during a fault and opens afterwards is a run that goes on
                    recorder.event("client-open", "slot", index, "process", process, "after-failures", openFailures);
                }
                openFailures = 0;
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open.cancel(true);
                return false;
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                open.cancel(true);
                Throwable cause = e instanceof TimeoutException ? e : e.getCause();
                String why = e instanceof TimeoutException ? "opening a client took longer than " + workload.opTimeout()
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                recorder.event("client-error", "slot", index, "process", process, "error", "the client factory failed for process "
                        + process + ": " + why);
                sleepNanos(Math.min(1_000_000_000L, 100_000_000L << Math.min(openFailures++, 4)));
                return false;
            }
        }

        void close() {
            Client old = client;
            client = null;
            if (old != null) {
                // A client stuck in a call may block its close; do not let it stall the run.
                try {
                    calls.execute(() -> {
                        try {
                            old.close();
                        } catch (Exception ignored) {
                            // closing a broken client is best effort
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the run is over and its calls shut down: nothing is left to close it for
                }
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
