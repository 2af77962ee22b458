package io.faultline.harness;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The lines a node's log has gained since the last look, for a {@link DetectionProbe} that reads a
 * node's opinions of its peers from its log ({@link LogLineProbe}, or a target's own probe). Only
 * whole lines are returned: a line still being written is read once its newline is there. A log
 * shorter than what was read is a fresh one (a restarted node's), read from its start.
 */
public final class LogTail {
    /** At most this much is read per look, so that a probe's first look at a long log stays short. */
    private static final int CHUNK = 1 << 20;

    private final Path log;
    private long offset;

    public LogTail(Path log) {
        this.log = log;
    }

    /** The whole lines logged since the last call; none while the log does not exist yet. */
    public List<String> newLines() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length < offset) {
                offset = 0;
            }
            if (length == offset) {
                return List.of();
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, CHUNK)];
            file.seek(offset);
            file.readFully(bytes);
            int end = bytes.length - 1;
            while (end >= 0 && bytes[end] != '\n') {
                end--;
            }
            if (end < 0) {
                if (bytes.length == CHUNK) {
                    offset += CHUNK; // a "line" over a MiB holds no opinion: skip it rather than stall on it
                }
                return List.of();
            }
            offset += end + 1;
            return List.of(new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1));
        } catch (FileNotFoundException e) {
            return List.of(); // the log appears with the node's first output
        }
    }
}
