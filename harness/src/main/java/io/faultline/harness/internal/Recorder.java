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

/**
 * Writes a run's timeline as it happens: client operations to {@code history.jsonl} and events to
 * {@code events.jsonl}, each line flushed, so a run that dies still leaves what it saw. At the end
 * the history is also written as Jepsen's {@code history.edn}, for Knossos or Elle.
 */
final class Recorder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunClock clock;
    private final Path directory;
    private final Writer events;
    private final Writer historyLines;
    private final List<Op> ops = new ArrayList<>();
    private final List<Event> eventList = new ArrayList<>();

    Recorder(Path directory, RunClock clock) throws IOException {
        this.directory = directory;
        this.clock = clock;
        this.events = open(directory.resolve("events.jsonl"));
        this.historyLines = open(directory.resolve("history.jsonl"));
    }

    private static Writer open(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    RunClock clock() {
        return clock;
    }

    /** Records an event and writes it out at once. */
    synchronized void event(Event event) {
        eventList.add(event);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", event.time());
        line.put("wall", clock.wall(event.time()).toString());
        line.put("type", event.type());
        line.putAll(event.fields());
        write(events, line);
    }

    void event(String type, Object... keysAndValues) {
        event(Event.of(clock.nanos(), type, keysAndValues));
    }

    /** Appends a client operation, stamping its index and, if it has none, the time. */
    synchronized Op op(Op op) {
        Op stamped = new Op(ops.size(), op.process(), op.type(), op.f(), op.value(),
                op.hasTime() ? op.time() : clock.nanos(), op.error());
        ops.add(stamped);
        try {
            HistoryFormat.writeJsonLine(stamped, historyLines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stamped;
    }

    synchronized History history() {
        return History.of(directory.resolve("history.edn").toString(), List.copyOf(ops), null);
    }

    synchronized List<Event> events() {
        return List.copyOf(eventList);
    }

    private static void write(Writer out, Map<String, Object> line) {
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code history.edn} and closes the files. */
    @Override
    public synchronized void close() throws IOException {
        try (Writer edn = open(directory.resolve("history.edn"))) {
            HistoryFormat.EDN.write(History.of(List.copyOf(ops)), edn);
        } finally {
            events.close();
            historyLines.close();
        }
    }
}
