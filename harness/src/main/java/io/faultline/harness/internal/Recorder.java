package io.faultline.harness.internal;

import io.faultline.harness.Event;
import io.faultline.harness.RunClock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes a run's timeline as it happens: client operations to {@code history.jsonl} and events to
 * {@code events.jsonl}, so a run that dies still leaves what it saw. At the end the history is also
 * written as Jepsen's {@code history.edn}, for Knossos or Elle.
 *
 * <p>Recording an operation only stamps it and queues it, under the lock that fixes its index; one
 * writer thread serialises the queue to the files and flushes whenever it has caught up. Writing and
 * flushing each line under the lock made every process wait on the one that held it, and on a
 * loaded machine the holder is often descheduled in the middle of its write: hundreds of processes
 * then queued behind one system call. A run killed outright loses at most the lines still queued,
 * which is what a flush per line lost too, less the moment it took.
 */
final class Recorder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tells the writer thread that nothing more will come. */
    private static final Object END = new Object();

    private final RunClock clock;
    private final Path directory;
    private final Writer events;
    private final HeldWriter historyLines;
    private final List<Op> ops = new ArrayList<>();
    private final List<Event> eventList = new ArrayList<>();
    /** Ops and event lines in the order they were recorded, for the writer thread. */
    private final BlockingQueue<Object> unwritten = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile IOException writeFailure;
    private boolean closed;

    Recorder(Path directory, RunClock clock) throws IOException {
        this.directory = directory;
        this.clock = clock;
        this.events = open(directory.resolve("events.jsonl"));
        this.historyLines = new HeldWriter(open(directory.resolve("history.jsonl")));
        this.writer = new Thread(this::writeUntilEnd, "faultline-recorder");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    private static Writer open(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    RunClock clock() {
        return clock;
    }

    /** Records an event; the writer thread writes it out. */
    synchronized void event(Event event) {
        requireWritable();
        eventList.add(event);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", event.time());
        line.put("wall", clock.wall(event.time()).toString());
        line.put("type", event.type());
        line.putAll(event.fields());
        unwritten.add(line);
    }

    void event(String type, Object... keysAndValues) {
        event(Event.of(clock.nanos(), type, keysAndValues));
    }

    /** Appends a client operation, stamping its index and, if it has none, the time. */
    synchronized Op op(Op op) {
        requireWritable();
        Op stamped = new Op(ops.size(), op.process(), op.type(), op.f(), op.value(),
                op.hasTime() ? op.time() : clock.nanos(), op.error());
        ops.add(stamped);
        unwritten.add(stamped);
        return stamped;
    }

    synchronized History history() {
        return History.of(directory.resolve("history.edn").toString(), List.copyOf(ops), null);
    }

    synchronized List<Event> events() {
        return List.copyOf(eventList);
    }

    /** A write that failed fails the next recording, as it did when each line was written in place. */
    private void requireWritable() {
        if (closed) {
            throw new UncheckedIOException(new IOException("the run's timeline in " + directory + " is closed"));
        }
        IOException failure = writeFailure;
        if (failure != null) {
            throw new UncheckedIOException("cannot write the run's timeline in " + directory, failure);
        }
    }

    /** The writer thread: writes what is queued, in order, and flushes each time it has caught up. */
    private void writeUntilEnd() {
        List<Object> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                batch.add(unwritten.take());
            } catch (InterruptedException e) {
                // only close() ends the writer, after queueing END
                continue;
            }
            unwritten.drainTo(batch);
            try {
                for (Object item : batch) {
                    if (item == END) {
                        end = true;
                    } else if (item instanceof Op op) {
                        HistoryFormat.writeJsonLine(op, historyLines);
                    } else {
                        events.write(JSON.writeValueAsString(item));
                        events.write('\n');
                    }
                }
                historyLines.flushHeld();
                events.flush();
            } catch (IOException e) {
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
            batch.clear();
        }
    }

    /** Writes out what is queued, then {@code history.edn}, and closes the files. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            unwritten.add(END);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing out the run's timeline in " + directory, e);
        }
        try (Writer edn = open(directory.resolve("history.edn"))) {
            HistoryFormat.EDN.write(History.of(List.copyOf(ops)), edn);
        } finally {
            events.close();
            historyLines.close();
        }
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    /** Lets the writer thread flush once per batch: the history's line writer flushes after every line. */
    private static final class HeldWriter extends java.io.FilterWriter {
        HeldWriter(Writer out) {
            super(out);
        }

        @Override
        public void flush() {
            // held until flushHeld
        }

        void flushHeld() throws IOException {
            out.flush();
        }
    }
}
