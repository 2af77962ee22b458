package io.faultline.harness.backend.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The loopback addresses of one process-backend run: block {@code b} is {@code 127.0.b.0/24}, its
 * proxies on {@code 127.0.b.1} and node {@code i} on {@code 127.0.b.(i+2)}. Since every node binds
 * only its own address and the proxies only theirs, two runs on one host never share an address, and
 * so can both use a target's fixed port numbers.
 *
 * <p>A run holds its block by an exclusive lock on {@code <runs>/blocks/<b>.lock}. The kernel drops
 * the lock when the holder's JVM ends, however it ends, so a block is never lost to a killed run; the
 * file itself stays, empty, for the next run.
 */
final class LoopbackBlock implements AutoCloseable {
    /** 127.0.b.x for b below this; a block's last usable node address is .254. */
    static final int BLOCKS = 256;
    static final int MAX_NODES = 253;

    private final int block;
    private final FileChannel channel;
    private final FileLock lock;

    private LoopbackBlock(int block, FileChannel channel, FileLock lock) {
        this.block = block;
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims the lowest free block, so that a lone run keeps today's 127.0.0.x addresses. */
    static LoopbackBlock claim(Path runsDirectory) throws IOException {
        Path directory = Files.createDirectories(runsDirectory.resolve("blocks"));
        for (int b = 0; b < BLOCKS; b++) {
            FileChannel channel = FileChannel.open(directory.resolve(b + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldByThisJvm) {
                lock = null;
            }
            if (lock != null) {
                return new LoopbackBlock(b, channel, lock);
            }
            channel.close();
        }
        throw new IOException("all " + BLOCKS + " loopback blocks (127.0.b.0/24) are held by running Faultline runs, per the locks in "
                + directory + "; wait for some to end");
    }

    int block() {
        return block;
    }

    /** Where the run's proxies listen. */
    String proxyAddress() {
        return "127.0." + block + ".1";
    }

    /** Node {@code index}'s address. */
    String nodeAddress(int index) {
        if (index < 0 || index >= MAX_NODES) {
            throw new IllegalArgumentException("node index " + index + " is outside a block's " + MAX_NODES
                    + " addresses (127.0." + block + ".2 to .254)");
        }
        return "127.0." + block + "." + (index + 2);
    }

    /** Gives the block back. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
