package io.faultline.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most heap in use while it runs, sampled every few milliseconds. It counts garbage not yet
 * collected too, so it is an upper bound on what a check needed, not a measure of what it retained.
 */
final class HeapSampler implements AutoCloseable {
    private static final long INTERVAL_MILLIS = 5;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile long peak;
    private volatile boolean running = true;

    HeapSampler() {
        peak = used();
        thread = new Thread(this::sample, "faultline-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private long used() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        while (running) {
            peak = Math.max(peak, used());
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long peakBytes() {
        return Math.max(peak, used());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
