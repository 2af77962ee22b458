package io.faultline.harness.backend.cleanup;

import io.faultline.harness.backend.Signals;

import io.faultline.harness.backend.ProcFs;

import io.faultline.harness.backend.cleanup.RunState.ProcessRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Cleans up, at the start of every run, after runs whose test JVM died without closing them and
 * whose reaper did not finish the job (it was killed too, or the machine was suspended): state files
 * whose owner is dead, their recorded processes, and any process in {@code /proc} marked with a run
 * whose owner is dead. A process of a live run is never touched: its owner is running.
 */
public final class Sweeper {

    /**
     * What a sweep killed and removed.
     *
     * @param runs the dead runs it cleaned up after
     */
    public record Swept(Set<Long> pids, Set<Long> groups, Set<String> runs, int stateFiles) {

        public boolean isEmpty() {
            return pids.isEmpty() && groups.isEmpty() && stateFiles == 0;
        }

        /** One line for the console, e.g. {@code ...(run-7): killed processes 81, 82 and process group 81; removed 1 state file}. */
        public String describe() {
            List<String> killed = new ArrayList<>();
            if (!pids.isEmpty()) {
                killed.add((pids.size() == 1 ? "process " : "processes ") + join(pids));
            }
            if (!groups.isEmpty()) {
                killed.add((groups.size() == 1 ? "process group " : "process groups ") + join(groups));
            }
            List<String> done = new ArrayList<>();
            if (!killed.isEmpty()) {
                done.add("killed " + String.join(" and ", killed));
            }
            if (stateFiles > 0) {
                done.add("removed " + stateFiles + (stateFiles == 1 ? " state file" : " state files"));
            }
            return "faultline: swept leftovers of runs whose test JVM died (" + String.join(", ", runs) + "): " + String.join("; ", done);
        }

        private static String join(Set<Long> ids) {
            return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
    }

    private final Path runsDirectory;
    private final Set<Long> pids = new TreeSet<>();
    private final Set<Long> groups = new TreeSet<>();
    private final Set<String> runs = new TreeSet<>();
    private int stateFiles;

    private Sweeper(Path runsDirectory) {
        this.runsDirectory = runsDirectory;
    }

    public static Swept sweep(Path runsDirectory) throws IOException, InterruptedException {
        Sweeper sweeper = new Sweeper(runsDirectory);
        sweeper.sweepStateFiles();
        sweeper.sweepMarkedProcesses();
        return sweeper.killAll();
    }

    private void sweepStateFiles() throws IOException {
        if (!Files.isDirectory(runsDirectory)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runsDirectory, "*.json")) {
            entries.forEach(files::add);
        }
        for (Path file : files) {
            RunState.Contents state;
            try {
                state = RunState.read(file);
            } catch (IOException e) {
                // written atomically by every run, so unreadable means debris (or gone since listed)
                if (Files.deleteIfExists(file)) {
                    stateFiles++;
                }
                continue;
            }
            if (state.owner() != null && state.owner().isRunning()) {
                continue;
            }
            for (ProcessRecord process : state.processes()) {
                if (process.isRunning() && RunMarker.carries(process.pid(), state.run())) {
                    pids.add(process.pid());
                }
                // a group outlives its leader; while it exists, its id cannot be reused as a pid
                Long group = process.group();
                if (group != null && (ProcessHandle.of(group).isEmpty() || RunMarker.carries(group, state.run()))) {
                    groups.add(group);
                }
            }
            runs.add(state.run());
            if (Files.deleteIfExists(file)) {
                stateFiles++;
            }
        }
    }

    private void sweepMarkedProcesses() {
        if (!ProcFs.available()) {
            return;
        }
        long self = ProcessHandle.current().pid();
        for (long pid : ProcFs.pids()) {
            if (pid == self) {
                continue;
            }
            Optional<RunMarker.Found> marker = RunMarker.on(pid);
            if (marker.isEmpty()) {
                continue;
            }
            Optional<ProcessRecord> owner = marker.get().owner().flatMap(ProcessRecord::fromOwnerMarker)
                    .or(() -> ownerInStateFile(marker.get().run()));
            if (owner.map(ProcessRecord::isRunning).orElse(false)) {
                continue;
            }
            pids.add(pid);
            runs.add(marker.get().run());
        }
    }

    private Optional<ProcessRecord> ownerInStateFile(String run) {
        try {
            return Optional.ofNullable(RunState.read(runsDirectory.resolve(run + ".json")).owner());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Kills what was found and waits until it is gone, so that the new run finds its addresses and ports free. */
    private Swept killAll() throws IOException, InterruptedException {
        // a recorded group may be empty by now: only the groups kill found are reported
        groups.removeIf(group -> !killGroup(group));
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pids.stream().anyMatch(pid -> !ProcFs.isGone(pid)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new Swept(Collections.unmodifiableSet(pids), Collections.unmodifiableSet(groups), Collections.unmodifiableSet(runs),
                stateFiles);
    }

    private static boolean killGroup(long group) {
        try {
            return Signals.send("KILL", List.of(), List.of(group)) == null;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
