package io.faultline.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a proxied connection: reads chunks from its source and writes them to its
 * destination.
 *
 * <p>Two modes. With no toxic active, the reader thread copies each read straight to the
 * destination: no allocation, no hand-off. Otherwise the link is <em>pipelined</em>: the reader
 * stamps each chunk and feeds it to the {@link ToxicChain}, and a writer thread advances the chain
 * at the times it asks for and writes out what comes through. The reader only ever switches to
 * queueing after its last direct write returned, and the writer only switches the link back after
 * it wrote everything queued, so switching never reorders data.
 *
 * <p>No half-close: when the source ends (or fails), the destination is fully closed once what is
 * held before the end has been written; the other link then sees its source closed and follows.
 */
final class Link {
    static final int BUFFER_SIZE = 32 * 1024;
    /** Back-pressure: the reader waits while the chain holds this much (about 1024 reads of 16 KiB). */
    static final long MAX_QUEUED = 16L << 20;

    private final Connection connection;
    private final Direction direction;
    private final SocketChannel source;
    private final SocketChannel destination;
    private final String threadName;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writerWakeup = lock.newCondition();
    private final Condition spaceFreed = lock.newCondition();
    /** Guarded by lock, as are the flags below except {@code pipelined}, which the reader peeks at. */
    private final ToxicChain chain;
    private volatile boolean pipelined;
    private boolean writerRunning;
    private boolean readerWaiting;
    private boolean readerDone;
    private boolean outputEnded;
    private boolean finished;

    /** Byte counts for /metrics; each has one writing thread at a time (the mode switch hands over). */
    private volatile long received;
    private volatile long sent;

    Link(Connection connection, Direction direction, SocketChannel source, SocketChannel destination,
         ToxicChain chain, String threadName) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.destination = destination;
        this.chain = chain;
        this.threadName = threadName;
        this.pipelined = chain.needsPipeline();
    }

    Direction direction() {
        return direction;
    }

    long received() {
        return received;
    }

    long sent() {
        return sent;
    }

    /** Starts the writer if the initial toxics need it; the caller then runs {@link #runReader}. */
    void startWriterIfNeeded() {
        lock.lock();
        try {
            if (pipelined) {
                ensureWriter();
            }
        } finally {
            lock.unlock();
        }
    }

    void runReader() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try {
            while (true) {
                buffer.clear();
                int n = source.read(buffer);
                if (n < 0) {
                    break;
                }
                received += n;
                buffer.flip();
                if (pipelined && enqueue(buffer)) {
                    continue;
                }
                if (!writeFully(buffer)) {
                    break;
                }
            }
        } catch (IOException e) {
            // The source was closed (by us or the peer) or reset: for this link that is its end.
        } finally {
            readerFinished();
        }
    }

    /** Queues a read for the toxics; false if the link went back to direct copying meanwhile. */
    private boolean enqueue(ByteBuffer buffer) {
        Chunk chunk = Chunk.copyOf(buffer, System.nanoTime());
        lock.lock();
        try {
            while (pipelined && !outputEnded && chain.queuedCost() >= MAX_QUEUED) {
                readerWaiting = true;
                spaceFreed.awaitUninterruptibly();
                readerWaiting = false;
            }
            if (outputEnded) {
                return true; // nobody will write it: the link is over
            }
            if (!pipelined) {
                return false;
            }
            chain.offer(chunk);
            writerWakeup.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void readerFinished() {
        boolean endNow = false;
        lock.lock();
        try {
            readerDone = true;
            if (!outputEnded) {
                if (pipelined) {
                    chain.offer(Chunk.endOfStream(System.nanoTime()));
                    writerWakeup.signal();
                } else {
                    endNow = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (endNow) {
            endOutput();
        } else {
            finishIfDone();
        }
    }

    private void runWriter() {
        List<Chunk> batch = new ArrayList<>();
        while (nextBatch(batch)) {
            for (Chunk chunk : batch) {
                if (chunk.isEof()) {
                    endOutput();
                    return;
                }
                if (!writeFully(chunk.asBuffer())) {
                    return;
                }
            }
            batch.clear();
        }
    }

    /** Waits until the chain lets something through; false when the writer should exit. */
    private boolean nextBatch(List<Chunk> batch) {
        boolean abort = false;
        lock.lock();
        try {
            while (true) {
                if (outputEnded) {
                    writerRunning = false;
                    return false;
                }
                long now = System.nanoTime();
                long wake = chain.advance(now);
                if (chain.abortRequested()) {
                    writerRunning = false;
                    abort = true;
                    return false;
                }
                chain.drainOutput(batch);
                if (readerWaiting && chain.queuedCost() < MAX_QUEUED) {
                    spaceFreed.signal();
                }
                if (!batch.isEmpty()) {
                    return true;
                }
                if (!chain.needsPipeline()) {
                    pipelined = false;
                    writerRunning = false;
                    spaceFreed.signal();
                    return false;
                }
                if (wake == Stage.NEVER) {
                    writerWakeup.awaitUninterruptibly();
                } else {
                    writerWakeup.awaitNanos(Math.max(1, wake - now));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writerRunning = false;
            return false;
        } finally {
            lock.unlock();
            if (abort) {
                connection.abort();
            }
        }
    }

    private boolean writeFully(ByteBuffer buffer) {
        int n = buffer.remaining();
        try {
            while (buffer.hasRemaining()) {
                destination.write(buffer);
            }
            sent += n;
            return true;
        } catch (IOException e) {
            endOutput();
            return false;
        }
    }

    void addToxic(Toxic toxic) {
        change(() -> chain.add(toxic, System.nanoTime()));
    }

    void updateToxic(Toxic toxic, boolean redraw) {
        change(() -> chain.update(toxic, redraw, System.nanoTime()));
    }

    void removeToxic(String name) {
        change(() -> chain.remove(name, System.nanoTime()));
    }

    private void change(Runnable edit) {
        lock.lock();
        try {
            edit.run();
            if (outputEnded) {
                return;
            }
            if (chain.needsPipeline()) {
                pipelined = true;
                ensureWriter();
            }
            writerWakeup.signal();
        } finally {
            lock.unlock();
        }
    }

    private void ensureWriter() {
        if (!writerRunning) {
            writerRunning = true;
            connection.startThread(threadName + "-writer", this::runWriter);
        }
    }

    /** The connection is being torn down: stop writing and let both threads go. */
    void terminate() {
        lock.lock();
        try {
            outputEnded = true;
            writerWakeup.signal();
            spaceFreed.signal();
        } finally {
            lock.unlock();
        }
        finishIfDone();
    }

    /** Nothing more will be written: close the destination (the peer sees EOF, or RST with linger 0). */
    private void endOutput() {
        boolean first;
        lock.lock();
        try {
            first = !outputEnded;
            outputEnded = true;
            writerWakeup.signal();
            spaceFreed.signal();
        } finally {
            lock.unlock();
        }
        if (first) {
            // The other link closes its destination first, so a reply it reads while this
            // destination is being closed has nowhere to go.
            connection.outputEnded(this);
            Connection.closeQuietly(destination);
        }
        finishIfDone();
    }

    /**
     * The other link has closed this link's source. Holding nothing, this link ends now instead of
     * waiting for its blocked read to fail: in that gap a reply could still slip through, and
     * Toxiproxy loses the reply to a request whose sender half-closed.
     */
    void sourceClosed() {
        boolean holdingNothing;
        lock.lock();
        try {
            holdingNothing = !pipelined;
        } finally {
            lock.unlock();
        }
        if (holdingNothing) {
            endOutput();
        }
    }

    private void finishIfDone() {
        lock.lock();
        try {
            if (finished || !readerDone || !outputEnded) {
                return;
            }
            finished = true;
        } finally {
            lock.unlock();
        }
        connection.linkFinished(this);
    }
}
