package io.faultline.harness.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a started node to pass its health check, as both backends do: it fails at once, with
 * its log's tail, when the node exits, and after the timeout with what the health check last said.
 */
public final class Readiness {
    private Readiness() {
    }

    /** How a backend tells whether its node has exited. */
    @FunctionalInterface
    public interface ExitCheck {
        /** The exit code, described, once the node has exited; null while it runs. */
        String exitCode() throws Exception;
    }

    /**
     * @param start which start of the node this is (1 for the first)
     * @param since {@code System.nanoTime()} when that start began
     * @param running what still runs, for the timeout's message, e.g. {@code the process (pid 42)}
     */
    public static void await(String name, int start, long since, Duration timeout, Path log, Callable<Boolean> ready,
                             ExitCheck exit, String running, long pollMillis) throws Exception {
        long deadline = since + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            String code = exit.exitCode();
            if (code != null) {
                throw new IllegalStateException("node " + name + " exited with code " + code + " during start " + start + ", "
                        + seconds(System.nanoTime() - since) + " after it was started. Its log, " + log + ", ends with:\n"
                        + LogTail.of(log) + "\nThe log above usually says what to fix in the node's command, arguments or configuration.");
            }
            try {
                if (ready.call()) {
                    return;
                }
                lastFailure = null;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("node " + name + " did not become ready within " + seconds(timeout.toNanos())
                        + " of start " + start + ": its health check "
                        + (lastFailure == null ? "kept answering false" : "last failed with " + lastFailure)
                        + ", while " + running + " is still running. Its log, " + log + ", ends with:\n" + LogTail.of(log)
                        + "\nIf it is only slow, raise NodeSpec.withStartTimeout; otherwise check the health check against the log.");
            }
            Thread.sleep(pollMillis);
        }
    }

    /** Nanoseconds as seconds to a tenth, e.g. {@code 2.0 s}. */
    public static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }
}
