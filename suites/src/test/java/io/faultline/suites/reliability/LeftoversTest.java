package io.faultline.suites.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.proxy.reliability.Figures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Leftovers: {@code faultline.reliability.runs} short reference-service runs (default 6; the long
 * profile 100), turning through the process and Docker backends in the proxied and the kernel network
 * modes, each in a test JVM of its own
 * ({@link LeftoverRun}); every third one SIGKILLed at a random moment while booting, during a fault
 * or while healing (the moment it was killed in is printed with the last phase it reported). After each run ends — and again after the next run has started, whose sweep
 * cleans up after dead owners — nothing it started may be left: containers, networks, node
 * processes, listening ports, packet-filter rules, run state files. A Docker run or a kernel-mode run
 * (nftables on the host) holds the machine's chaos lock from its start until its leftovers are
 * counted ({@link ChaosLock}); a proxied process run needs no lock, having its own loopback block.
 */
@Tag("reliability")
class LeftoversTest {
    private static final int RUNS = Integer.getInteger("faultline.reliability.runs", 6);
    /**
     * No run starts after this instant ({@code -Dfaultline.reliability.until=2026-12-06T05:55:00Z}), for a
     * campaign that must end by a deadline on a shared machine; the figures say how many runs were done.
     */
    private static final java.time.Instant UNTIL = java.util.Optional.ofNullable(System.getProperty("faultline.reliability.until"))
            .filter(s -> !s.isBlank()).map(java.time.Instant::parse).orElse(java.time.Instant.MAX);
    /** The reapers poll once a second and docker rm takes a moment: what is left after this is left. */
    private static final long GRACE_MILLIS = 8_000;

    enum Moment { BOOT, FAULT, HEAL }

    /** The backends and network modes the runs turn through. */
    private static final List<Kind> KINDS = List.of(new Kind("process", "PROXIED"), new Kind("docker", "PROXIED"),
            new Kind("process", "KERNEL"), new Kind("docker", "KERNEL"));

    record Kind(String backend, String networkMode) {
        boolean needsTheChaosLock() {
            return backend.equals("docker") || networkMode.equals("KERNEL");
        }

        @Override
        public String toString() {
            return backend + "/" + networkMode.toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Outcome(int run, Kind kind, Moment killedAt, String lastPhase, int exit, Map<String, List<String>> left) {
    }

    @Test
    void nothingARunStartedOutlivesIt() throws Exception {
        long seed = Long.getLong("faultline.seed", System.nanoTime());
        System.out.println("LeftoversTest seed " + seed + ", " + RUNS + " runs");
        Random random = new Random(seed);
        List<String> rulesBefore = Leftovers.faultlineRules();
        Path directory = Path.of("target", "faultline", "leftovers");
        List<Outcome> outcomes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> leftByKind = new LinkedHashMap<>();
        Leftovers.KINDS.forEach(kind -> leftByKind.put(kind, 0));
        int killed = 0;
        int failed = 0;
        long previousPid = -1;
        Set<String> previousPorts = Set.of();
        int runs = 0;
        for (int i = 0; i < RUNS; i++) {
            if (java.time.Instant.now().isAfter(UNTIL)) {
                System.out.println("LeftoversTest: " + i + " of " + RUNS + " runs done by " + UNTIL + "; no further run starts");
                break;
            }
            runs++;
            // four kinds, a kill every third run: over twelve runs each kind is killed once and runs whole twice
            Kind kind = KINDS.get(i % KINDS.size());
            Moment kill = i % 3 == 1 ? Moment.values()[random.nextInt(3)] : null;
            long runSeed = random.nextLong();
            Set<String> ports = new HashSet<>();
            Process child;
            String last;
            Map<String, List<String>> left;
            Map<String, List<String>> afterSweep = Map.of();
            try (ChaosLock lock = kind.needsTheChaosLock() ? ChaosLock.acquire() : null) {
                child = start(kind, runSeed, directory.resolve("run-" + i));
                last = follow(child, kill, random, ports);
                Thread.sleep(GRACE_MILLIS);
                left = Leftovers.of(child.pid(), ports, rulesBefore);
                if (previousPid > 0) {
                    // the previous run's leftovers, after this run's start swept those of dead owners
                    afterSweep = Leftovers.of(previousPid, previousPorts, rulesBefore);
                }
            }
            int exit = child.exitValue();
            if (kill != null) {
                killed++;
            } else if (exit != 0) {
                failed++;
                problems.add("run " + i + " (" + kind + ") ended with exit " + exit + " after '" + last + "'");
            }
            outcomes.add(new Outcome(i, kind, kill, last, exit, left));
            System.out.println("run " + i + " " + kind + (kill == null ? "" : " killed at " + kill) + ", last phase '"
                    + last + "', exit " + exit + ", left: " + counts(left));
            afterSweep.forEach((what, found) -> leftByKind.merge(what, found.size(), Integer::sum));
            afterSweep.forEach((what, found) -> found.forEach(f -> problems.add("left by run " + (outcomes.size() - 2)
                    + " after the next run's sweep: " + what + " " + f)));
            left.forEach((what, found) -> found.forEach(f -> System.out.println("  left after " + GRACE_MILLIS
                    + " ms: " + what + " " + f)));
            previousPid = child.pid();
            previousPorts = ports;
        }
        if (previousPid > 0) {
            Map<String, List<String>> last = Leftovers.of(previousPid, previousPorts, rulesBefore);
            last.forEach((kind, found) -> leftByKind.merge(kind, found.size(), Integer::sum));
            last.forEach((kind, found) -> found.forEach(f -> problems.add("left by the last run: " + kind + " " + f)));
        }
        new Figures("leftovers").put("runs", runs).put("killed", killed)
                .put("leftovers", counts(leftByKind)).put("crashes", failed)
                .put("planned", RUNS).put("seed", seed).write();
        assertThat(problems).as("seed %d", seed).isEmpty();
    }

    private static String counts(Map<String, ?> byKind) {
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, v) -> parts.add(kind + " " + (v instanceof List<?> list ? list.size() : v)));
        return String.join(", ", parts);
    }

    private static Process start(Kind kind, long seed, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeftoverRun.class.getName(), kind.backend(),
                kind.networkMode(), Long.toString(seed), directory.toAbsolutePath().toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    /**
     * Reads the run's phases; SIGKILLs it at a random moment of the chosen one. Meanwhile collects the
     * ports it and its nodes listen on. Returns the last phase seen.
     */
    private static String follow(Process child, Moment kill, Random random, Set<String> ports) throws Exception {
        Path log = Files.createTempFile("faultline-leftover-run", ".log");
        String[] last = {"started"};
        long[] bootedAt = {0};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                    if (line.equals("booting") || line.equals("booted") || line.equals("closed")) {
                        synchronized (last) {
                            last[0] = line;
                            if (line.equals("booted")) {
                                bootedAt[0] = System.nanoTime();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        long started = System.nanoTime();
        long killAfterBootMillis = switch (kill == null ? Moment.FAULT : kill) {
            case BOOT -> -1;
            case FAULT -> LeftoverRun.FAULTS_FROM.toMillis() + random.nextInt((int) LeftoverRun.HEAL_FROM.minus(LeftoverRun.FAULTS_FROM).toMillis());
            case HEAL -> LeftoverRun.HEAL_FROM.toMillis() + random.nextInt(1000);
        };
        long bootKillMillis = 500 + random.nextInt(2500);
        long deadline = started + TimeUnit.MINUTES.toNanos(5);
        while (child.isAlive() && System.nanoTime() < deadline) {
            ports.addAll(Leftovers.listeningPortsOf(child.pid()));
            for (long node : Leftovers.markedProcesses(child.pid())) {
                ports.addAll(Leftovers.listeningPortsOf(node));
            }
            if (kill != null) {
                long now = System.nanoTime();
                boolean due;
                synchronized (last) {
                    due = kill == Moment.BOOT ? now - started > TimeUnit.MILLISECONDS.toNanos(bootKillMillis)
                            : bootedAt[0] > 0 && now - bootedAt[0] > TimeUnit.MILLISECONDS.toNanos(killAfterBootMillis);
                }
                if (due) {
                    child.destroyForcibly(); // SIGKILL
                    break;
                }
            }
            Thread.sleep(100);
        }
        if (child.isAlive() && kill == null) {
            child.destroyForcibly();
        }
        child.waitFor();
        reader.join(5_000);
        synchronized (last) {
            if (child.exitValue() != 0 && kill == null) {
                System.out.println("run output (" + log + "):\n" + Files.readString(log));
            } else {
                Files.deleteIfExists(log);
            }
            return last[0];
        }
    }
}
