package io.faultline.harness.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.StringJoiner;

/**
 * Signals that {@link ProcessHandle} cannot send: SIGSTOP, SIGCONT, and any signal to a process
 * group. Sent by the shell's {@code kill}, which takes {@code -<pgid>} for a group in every POSIX
 * shell (procps' {@code /bin/kill} would need {@code --} first, and dash's builtin refuses it).
 */
public final class Signals {

    private Signals() {
    }

    /**
     * Sends {@code signal} (e.g. {@code STOP}) to every pid and every process group given.
     *
     * @return {@code null} when every target took it, else what {@code kill} said
     */
    public static String send(String signal, Collection<Long> pids, Collection<Long> groups) throws IOException, InterruptedException {
        if (pids.isEmpty() && groups.isEmpty()) {
            return null;
        }
        StringJoiner command = new StringJoiner(" ", "kill -" + signal + " ", "");
        pids.forEach(pid -> command.add(Long.toString(pid)));
        groups.forEach(group -> command.add("-" + group));
        Process kill = new ProcessBuilder("/bin/sh", "-c", command.toString()).redirectErrorStream(true).start();
        kill.getOutputStream().close();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return kill.waitFor() == 0 ? null : command + ": " + said;
    }
}
