package io.faultline.harness.backend;

import java.time.Instant;
import java.util.Optional;

/**
 * The JVM that owns what a run created, written into labels as {@code <pid>:<start millis>} so that
 * a later run can tell leftovers of a dead JVM from those of a live one. The start time is part of
 * the identity because a pid alone is reused.
 */
record Owner(long pid, long startMillis) {

    static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(self.pid(), startMillis(self).orElse(0L));
    }

    /** The owner named by a label, or empty if the label is not one. */
    static Optional<Owner> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String[] parts = label.split(":");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String label() {
        return pid + ":" + startMillis;
    }

    /** True while this very JVM runs: its pid is alive and started when the label says. */
    boolean isAlive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(Owner::startMillis)
                .map(start -> start == startMillis)
                .orElse(false);
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
