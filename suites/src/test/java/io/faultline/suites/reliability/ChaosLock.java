package io.faultline.suites.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The machine's shared chaos lock ({@code flock /tmp/faultline-chaos.lock}), held for one run of a
 * campaign rather than the whole campaign, so that other builds on a shared machine get their turns.
 * Java's own {@code FileChannel.lock} is a POSIX record lock, which Linux keeps apart from
 * {@code flock(2)}: it would not exclude the {@code flock} command other builds use. So the lock is
 * held by a {@code flock} child that waits on its standard input: closing it (or this JVM dying)
 * releases the lock.
 */
final class ChaosLock implements AutoCloseable {
    static final String PATH = System.getProperty("faultline.chaos.lock", "/tmp/faultline-chaos.lock");

    private final Process holder;

    private ChaosLock(Process holder) {
        this.holder = holder;
    }

    /** Waits for the lock and returns once it is held. */
    static ChaosLock acquire() throws IOException {
        Process holder = new ProcessBuilder(List.of("flock", PATH, "sh", "-c", "echo held; exec cat >/dev/null"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"held".equals(line)) {
            holder.destroyForcibly();
            throw new IOException("could not take the chaos lock " + PATH + " with flock (util-linux): it answered '" + line
                    + "'; install util-linux, or point -Dfaultline.chaos.lock at a writable file");
        }
        return new ChaosLock(holder);
    }

    @Override
    public void close() throws IOException {
        holder.getOutputStream().close();
        try {
            holder.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            holder.destroyForcibly();
        }
    }
}
