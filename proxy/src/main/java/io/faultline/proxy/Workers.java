package io.faultline.proxy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Starts the server's named daemon threads and remembers the live ones, so close() can wait for them. */
final class Workers {
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();

    Thread start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                live.remove(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        live.add(thread);
        thread.start();
        return thread;
    }

    /** Waits for every thread to end; returns the names of those still running after {@code timeout}. */
    Set<String> awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : Set.copyOf(live)) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    thread.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Set<String> stuck = ConcurrentHashMap.newKeySet();
        live.forEach(t -> stuck.add(t.getName()));
        return stuck;
    }
}
