package io.faultline.harness.backend.cleanup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A detached shell process that outlives the test JVM to kill what its run left behind. It polls
 * every second until either the run's state file is gone (the run closed normally: it exits) or the
 * owner JVM is (its pid has gone, is a zombie, or belongs to a newer process — compared by start
 * time in clock ticks). Then it SIGKILLs every recorded process group whose leader is gone or still
 * marked with the run, then every process whose arguments or environment carry the run's marker,
 * runs what else the run asked it to (e.g. delete its kernel rules), and deletes the state file.
 *
 * <p>It runs in its own session ({@code setsid}) so that a Ctrl-C or SIGHUP sent to the test's
 * process group does not take it along; it reads nothing and writes nothing, and needs nothing but
 * {@code /bin/sh}, {@code /proc}, {@code tr}, {@code grep} and {@code cut}.
 */
public final class Reaper {

    static final String NAME = "faultline-reaper";

    private static final String SCRIPT = """
            owner=$1 ticks=$2 state=$3 run=$4 after=$5
            started() {
              s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
              s=${s##*) }
              set -- $s
              [ "$1" = Z ] || echo "${20}"
            }
            marked() {
              { tr '\\0' '\\n' < "/proc/$1/cmdline"; tr '\\0' '\\n' < "/proc/$1/environ"; } 2>/dev/null |
                grep -qxF -e "-Dfaultline.run=$run" -e "FAULTLINE_RUN=$run"
            }
            while [ -f "$state" ] && [ "$(started "$owner")" = "$ticks" ]; do sleep 1; done
            [ -f "$state" ] || exit 0
            for group in $(grep -o '"group":[0-9]*' "$state" 2>/dev/null | cut -d: -f2); do
              if [ ! -d "/proc/$group" ] || marked "$group"; then kill -KILL "-$group" 2>/dev/null; fi
            done
            for dir in /proc/[0-9]*; do
              pid=${dir#/proc/}
              [ "$pid" != $$ ] && marked "$pid" && kill -KILL "$pid" 2>/dev/null
            done
            [ -z "$after" ] || sh -c "$after"
            rm -f "$state"
            """;

    private Reaper() {
    }

    /**
     * Starts the reaper of a run owned by this JVM; empty without {@code /proc} (the owner's start
     * time in ticks is then unknown), where only the stdin watch of Java nodes and the next run's sweep
     * clean up after a killed test JVM.
     */
    public static Optional<Process> launch(RunState state, String run, Optional<Path> setsid) throws IOException {
        return launch(state, run, setsid, "");
    }

    /**
     * As {@link #launch(RunState, String, Optional)}, running the shell command {@code after} once the
     * run's processes are killed: what else the run made that outlives its JVM, such as kernel rules.
     */
    public static Optional<Process> launch(RunState state, String run, Optional<Path> setsid, String after) throws IOException {
        Long ownerTicks = state.owner().startTicks();
        if (ownerTicks == null) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.addAll(List.of("/bin/sh", "-c", SCRIPT, NAME,
                Long.toString(state.owner().pid()), Long.toString(ownerTicks), state.file().toString(), run, after));
        Process reaper = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        return Optional.of(reaper);
    }
}
