package io.faultline.reference;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;

/**
 * The append-only file {@code data.dir/wal.log} holding everything a node has promised: its current
 * term and vote, and its log entries. One record per line:
 *
 * <pre>
 * term 5 n2          the node is in term 5 and voted for n2 ("-": for nobody)
 * entry 17 5:write=3 log entry 17, appended in term 5
 * truncate 17        entries from 17 on were replaced by a new leader's
 * </pre>
 *
 * Records are buffered until {@link #sync}, which writes and fsyncs them; nothing is acknowledged,
 * voted or replied before that. A crash during a write leaves a torn last line without its line
 * break: it was never synced, so nothing depended on it, and opening the file cuts it off.
 */
final class WriteAheadLog implements Closeable {
    static final String FILE = "wal.log";

    /** What the file held when opened: the last term record, and the entries left after truncations. */
    record Replay(long term, String votedFor, TreeMap<Long, Entry> entries) {
    }

    private final Path dir;
    private final StringBuilder pending = new StringBuilder();
    private FileChannel channel;

    private WriteAheadLog(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** Opens (or creates) the log in {@code dir}, cutting off a torn last line. */
    static WriteAheadLog open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        byte[] bytes = Files.readAllBytes(file);
        int complete = bytes.length;
        while (complete > 0 && bytes[complete - 1] != '\n') {
            complete--;
        }
        ch.truncate(complete);
        ch.position(complete);
        return new WriteAheadLog(dir, ch);
    }

    /** Reads back every complete record. */
    Replay replay() throws IOException {
        long term = 0;
        String votedFor = null;
        TreeMap<Long, Entry> entries = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "term" -> {
                    term = Long.parseLong(f[1]);
                    votedFor = f[2].equals("-") ? null : f[2];
                }
                case "entry" -> entries.put(Long.parseLong(f[1]), Entry.decode(f[2]));
                case "truncate" -> entries.tailMap(Long.parseLong(f[1]), true).clear();
                default -> throw new IOException("unexpected record '" + line + "' in " + dir.resolve(FILE));
            }
        }
        return new Replay(term, votedFor, entries);
    }

    void term(long term, String votedFor) {
        pending.append("term ").append(term).append(' ').append(votedFor == null ? "-" : votedFor).append('\n');
    }

    void entry(long index, Entry entry) {
        pending.append("entry ").append(index).append(' ').append(entry.encode()).append('\n');
    }

    void truncate(long fromIndex) {
        pending.append("truncate ").append(fromIndex).append('\n');
    }

    /** Writes the buffered records and fsyncs them. */
    void sync() {
        if (pending.length() == 0) {
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            pending.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /**
     * Replaces the whole file with the term record and the entries from {@code firstIndex} on: how the
     * log is truncated behind a checkpoint. Atomic, like {@link Checkpoints#replaceAtomically}.
     */
    void rewrite(long term, String votedFor, long firstIndex, List<Entry> entries) {
        pending.setLength(0);
        term(term, votedFor);
        for (int i = 0; i < entries.size(); i++) {
            entry(firstIndex + i, entries.get(i));
        }
        try {
            channel.close();
            Checkpoints.replaceAtomically(dir, FILE, pending.toString());
            pending.setLength(0);
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + dir.resolve(FILE), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
