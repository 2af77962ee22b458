package io.faultline.reference;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a node must not forget, in memory and on disk: its term and vote, the latest checkpoint
 * (the {@link #base()}, standing for every entry up to its index) and the log entries after it.
 * Changes go to the {@link WriteAheadLog} and are durable after {@link #sync()}.
 * Indexes start at 1; index 0 is the empty checkpoint before any entry.
 */
final class RaftLog implements Closeable {
    private final WriteAheadLog wal;
    private final Checkpoints checkpoints;
    private Checkpoint base;
    /** entries.get(i) has index base.index() + 1 + i. */
    private final List<Entry> entries;
    private long term;
    private String votedFor;

    private RaftLog(WriteAheadLog wal, Checkpoints checkpoints, Checkpoint base, List<Entry> entries, long term, String votedFor) {
        this.wal = wal;
        this.checkpoints = checkpoints;
        this.base = base;
        this.entries = entries;
        this.term = term;
        this.votedFor = votedFor;
    }

    /** Loads the checkpoint, then replays the write-ahead log over it. */
    static RaftLog recover(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Checkpoints checkpoints = new Checkpoints(dataDir);
        Checkpoint base = checkpoints.load().orElse(Checkpoint.EMPTY);
        WriteAheadLog wal = WriteAheadLog.open(dataDir);
        WriteAheadLog.Replay replay = wal.replay();
        // Entries at or before the checkpoint are in it: a crash between saving a checkpoint and
        // rewriting the log leaves them behind, harmlessly.
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<Long, Entry> e : replay.entries().tailMap(base.index(), false).entrySet()) {
            if (e.getKey() != base.index() + 1 + entries.size()) {
                break;
            }
            entries.add(e.getValue());
        }
        return new RaftLog(wal, checkpoints, base, entries, replay.term(), replay.votedFor());
    }

    long term() {
        return term;
    }

    String votedFor() {
        return votedFor;
    }

    /** Records a new term or vote; durable at the next {@link #sync()}. */
    void setTerm(long newTerm, String newVotedFor) {
        term = newTerm;
        votedFor = newVotedFor;
        wal.term(newTerm, newVotedFor);
    }

    Checkpoint base() {
        return base;
    }

    long lastIndex() {
        return base.index() + entries.size();
    }

    long lastTerm() {
        return termAt(lastIndex());
    }

    /** Term of the entry at {@code index}, or -1 if this log has no such entry (beyond its end, or behind its checkpoint). */
    long termAt(long index) {
        if (index == base.index()) {
            return base.term();
        }
        if (index < base.index() || index > lastIndex()) {
            return -1;
        }
        return entry(index).term();
    }

    Entry entry(long index) {
        return entries.get((int) (index - base.index() - 1));
    }

    /** Up to {@code max} entries from {@code from} on; {@code from} must be after the checkpoint. */
    List<Entry> entriesFrom(long from, int max) {
        int start = (int) (from - base.index() - 1);
        return List.copyOf(entries.subList(start, Math.min(entries.size(), start + max)));
    }

    void append(Entry entry) {
        entries.add(entry);
        wal.entry(lastIndex(), entry);
    }

    /** Drops the entries from {@code index} on: a new leader's log disagrees with them. */
    void truncateFrom(long index) {
        entries.subList((int) (index - base.index() - 1), entries.size()).clear();
        wal.truncate(index);
    }

    void sync() {
        wal.sync();
    }

    /** Saves {@code c}, taken from this log's own applied entries, and drops the entries it covers. */
    void compact(Checkpoint c) {
        entries.subList(0, (int) (c.index() - base.index())).clear();
        installBase(c);
    }

    /** Replaces this log by a leader's checkpoint: keeps the entries after it if they follow it, else drops them all. */
    void resetTo(Checkpoint c) {
        if (termAt(c.index()) == c.term()) {
            compact(c);
            return;
        }
        entries.clear();
        installBase(c);
    }

    private void installBase(Checkpoint c) {
        try {
            checkpoints.save(c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint", e);
        }
        base = c;
        wal.rewrite(term, votedFor, c.index() + 1, entries);
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }
}
