package io.faultline.harness.backend.cleanup;

import io.faultline.harness.backend.ProcFs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The marks every process of a run carries, so that leftovers can be recognised from {@code /proc}
 * alone: in a JVM's command line ({@code -Dfaultline.run=<runId>}, {@code -Dfaultline.owner=<pid@started>},
 * {@code -Dfaultline.node=<name>}) and, for every process, in its environment ({@code FAULTLINE_RUN}, ...),
 * which a command's children inherit. The owner mark lets a sweep tell a live run's process from a
 * leftover even when the run's state file lives in another {@code java.io.tmpdir}.
 */
public final class RunMarker {

    static final String RUN_PROPERTY = "-Dfaultline.run=";
    static final String OWNER_PROPERTY = "-Dfaultline.owner=";
    static final String NODE_PROPERTY = "-Dfaultline.node=";
    static final String RUN_ENV = "FAULTLINE_RUN";
    static final String OWNER_ENV = "FAULTLINE_OWNER";
    static final String NODE_ENV = "FAULTLINE_NODE";

    /**
     * A mark found on a process.
     *
     * @param owner the owner's {@code pid@started}, if marked
     */
    public record Found(String run, Optional<String> owner) {
    }

    private RunMarker() {
    }

    public static List<String> jvmArgs(String run, RunState.ProcessRecord owner, String node) {
        return List.of(RUN_PROPERTY + run, OWNER_PROPERTY + owner.ownerMarker(), NODE_PROPERTY + node);
    }

    public static Map<String, String> env(String run, RunState.ProcessRecord owner, String node) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RUN_ENV, run);
        env.put(OWNER_ENV, owner.ownerMarker());
        env.put(NODE_ENV, node);
        return env;
    }

    /** The run a process belongs to, from its command line, else its environment. */
    public static Optional<Found> on(long pid) {
        Optional<Found> found = find(ProcFs.cmdline(pid), RUN_PROPERTY, OWNER_PROPERTY);
        return found.isPresent() ? found : find(ProcFs.environ(pid), RUN_ENV + "=", OWNER_ENV + "=");
    }

    static boolean carries(long pid, String run) {
        return on(pid).map(found -> found.run().equals(run)).orElse(false);
    }

    /** Only a whole argument or entry counts: the reaper's own script mentions the markers, but not as an argument. */
    private static Optional<Found> find(List<String> entries, String runPrefix, String ownerPrefix) {
        String run = null;
        String owner = null;
        for (String entry : entries) {
            if (entry.startsWith(runPrefix)) {
                run = entry.substring(runPrefix.length());
            } else if (entry.startsWith(ownerPrefix)) {
                owner = entry.substring(ownerPrefix.length());
            }
        }
        return run == null ? Optional.empty() : Optional.of(new Found(run, Optional.ofNullable(owner)));
    }
}
