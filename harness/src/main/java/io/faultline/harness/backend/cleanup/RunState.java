package io.faultline.harness.backend.cleanup;

import io.faultline.harness.backend.ProcFs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's state file, {@code ${java.io.tmpdir}/faultline/runs/<runId>.json}: which JVM owns the run
 * and which processes it started. It exists from the start of a run to its close, so a file whose
 * owner is dead marks a run that was never closed; the reaper and the sweep read it to kill what
 * that run left. Every update replaces the file atomically, so a reader never sees half of one.
 *
 * <p>The reaper is a shell script: it finds process groups by grepping {@code "group":<pgid>} in the
 * compact JSON written here, and compares the owner's {@code startTicks}, not its {@code started}.
 */
public final class RunState {

    /** Which backend wrote the file. */
    static final String BACKEND = "process";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * One process, identified beyond its pid so that a reused pid is never mistaken for it.
     *
     * @param name the node (or {@code toxiproxy-server}); null for the owner
     * @param started its start time as {@link ProcessHandle} reports it
     * @param startTicks its start time in {@code /proc}'s clock ticks, for the reaper's shell; null without {@code /proc}
     * @param group the process group it leads and that dies with it, if any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessRecord(String name, long pid, String started, Long startTicks, Long group) {

        public static ProcessRecord of(String name, ProcessHandle process, boolean leadsGroup) {
            long pid = process.pid();
            return new ProcessRecord(name, pid, startedOf(process).orElse(null),
                    ProcFs.startTicks(pid).stream().boxed().findFirst().orElse(null), leadsGroup ? pid : null);
        }

        /** The {@code pid@started} form carried in a process's run marker, naming the JVM that owns the run. */
        public String ownerMarker() {
            return pid + "@" + started;
        }

        public static Optional<ProcessRecord> fromOwnerMarker(String marker) {
            int at = marker.indexOf('@');
            if (at < 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new ProcessRecord(null, Long.parseLong(marker.substring(0, at)), marker.substring(at + 1), null, null));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** The very process recorded is still running: same pid, same start time, not a zombie. */
        public boolean isRunning() {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            return handle.isPresent() && !ProcFs.isGone(pid) && Objects.equals(startedOf(handle.get()).orElse(null), started);
        }

        private static Optional<String> startedOf(ProcessHandle process) {
            return process.info().startInstant().map(Object::toString);
        }
    }

    /** The file's content. */
    public record Contents(String run, String backend, ProcessRecord owner, List<ProcessRecord> processes) {
        public Contents {
            processes = processes == null ? List.of() : List.copyOf(processes);
        }
    }

    private final Path file;
    private final String run;
    private final ProcessRecord owner;
    private final Map<String, ProcessRecord> processes = new LinkedHashMap<>();

    private RunState(Path file, String run, ProcessRecord owner) {
        this.file = file;
        this.run = run;
        this.owner = owner;
    }

    public static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "faultline", "runs");
    }

    /** Writes the state file of a run owned by this JVM. */
    public static RunState create(Path directory, String run) throws IOException {
        if (!run.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("run id '" + run + "' must be letters, digits, '.', '_' and '-':"
                    + " it names the run's state file");
        }
        Files.createDirectories(directory);
        RunState state = new RunState(directory.resolve(run + ".json"), run, ProcessRecord.of(null, ProcessHandle.current(), false));
        state.write();
        return state;
    }

    public static Contents read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Contents.class);
    }

    public Path file() {
        return file;
    }

    public ProcessRecord owner() {
        return owner;
    }

    /** Records a process the run started; a node started again replaces its previous record. */
    public synchronized void record(String name, ProcessHandle process, boolean leadsGroup) throws IOException {
        processes.put(name, ProcessRecord.of(name, process, leadsGroup));
        write();
    }

    /** The run closed normally: its reaper sees the file gone and exits. */
    public synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the run state file " + file + "; delete it by hand", e);
        }
    }

    private void write() throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        JSON.writeValue(partial.toFile(), new Contents(run, BACKEND, owner, new ArrayList<>(processes.values())));
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
