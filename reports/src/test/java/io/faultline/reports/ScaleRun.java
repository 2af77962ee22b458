package io.faultline.reports;

import io.faultline.checkers.detection.DetectionChecker;
import io.faultline.checkers.detection.InjectedFault;
import io.faultline.checkers.detection.Suspicion;
import io.faultline.checkers.detection.Timeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic run directory as large as the report must handle: 100,000 client operations by 10
 * clients over 200 s on 5 nodes, 100 faults (kills, pauses, partitions, latency) with the suspicions
 * they cause, detection judged by the real {@link DetectionChecker}, and node logs. Seeded, so every
 * generation is the same run. {@code main} writes one for the benchmark in BENCHMARKS.md.
 */
final class ScaleRun {
    static final int OPS = 100_000;
    static final int FAULTS = 100;
    private static final int CLIENTS = 10;
    private static final long MS = 1_000_000L;
    private static final long LENGTH = 200_000 * MS;
    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");

    private ScaleRun() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-run");
        write(dir);
        System.out.println(dir.toAbsolutePath());
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Random random = new Random(42);
        long wallZero = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        List<String> events = new ArrayList<>();
        List<InjectedFault> faults = new ArrayList<>();
        List<Suspicion> suspicions = new ArrayList<>();
        events.add(event(wallZero, 0, "\"type\":\"phase\",\"phase\":\"boot\",\"backend\":\"process\",\"seed\":42"));
        for (String node : NODES) {
            events.add(event(wallZero, 10 * MS, "\"type\":\"node-start\",\"node\":\"" + node + "\""));
            events.add(event(wallZero, 900 * MS, "\"type\":\"node-ready\",\"node\":\"" + node + "\""));
        }
        events.add(event(wallZero, 1000 * MS, "\"type\":\"phase\",\"phase\":\"faults\""));
        String[] kinds = {"kill", "pause", "partition-halves", "latency"};
        for (int f = 1; f <= FAULTS; f++) {
            long start = (f * 1900L + random.nextInt(400)) * MS;
            long end = start + (600 + random.nextInt(900)) * MS;
            String kind = kinds[random.nextInt(kinds.length)];
            String node = NODES.get(random.nextInt(NODES.size()));
            if (kind.equals("partition-halves")) {
                List<String> minority = List.of(node, NODES.get((NODES.indexOf(node) + 1) % NODES.size()));
                List<String> majority = NODES.stream().filter(n -> !minority.contains(n)).toList();
                events.add(event(wallZero, start, "\"type\":\"fault-start\",\"id\":" + f + ",\"kind\":\"" + kind
                        + "\",\"nemesis\":\"" + kind + "\",\"nodes\":" + names(minority) + ",\"details\":{\"components\":["
                        + names(minority) + "," + names(majority) + "]}"));
                faults.add(InjectedFault.partition(Integer.toString(f), kind, minority, List.of(minority, majority), start, end));
                for (String observer : majority) {
                    for (String peer : minority) {
                        long at = start + (500 + random.nextInt(100)) * MS;
                        suspicions.add(Suspicion.of(observer, peer, at, end + 50 * MS));
                    }
                }
            } else {
                events.add(event(wallZero, start, "\"type\":\"fault-start\",\"id\":" + f + ",\"kind\":\"" + kind
                        + "\",\"nemesis\":\"" + kind + "\",\"nodes\":[\"" + node + "\"],\"details\":{}"));
                if (kind.equals("kill") || kind.equals("pause")) {
                    events.add(event(wallZero, start, "\"type\":\"node-" + kind + "\",\"node\":\"" + node + "\""));
                    events.add(event(wallZero, end, "\"type\":\"node-" + (kind.equals("kill") ? "start" : "resume") + "\",\"node\":\""
                            + node + "\""));
                    faults.add(InjectedFault.stop(Integer.toString(f), kind, List.of(node), start, end));
                    for (String observer : NODES) {
                        if (!observer.equals(node) && end - start > 650 * MS) {
                            long at = start + (500 + random.nextInt(100)) * MS;
                            suspicions.add(Suspicion.of(observer, node, at, end + 80 * MS));
                        }
                    }
                } else {
                    faults.add(InjectedFault.degrade(Integer.toString(f), kind, List.of(node), start, end));
                    if (random.nextInt(4) == 0) {
                        // a mistake: latency made a live peer look dead for a while
                        String observer = NODES.get((NODES.indexOf(node) + 2) % NODES.size());
                        long at = start + 300 * MS;
                        suspicions.add(Suspicion.of(observer, node, at, at + 120 * MS));
                    }
                }
            }
            events.add(event(wallZero, end, "\"type\":\"fault-end\",\"id\":" + f + ",\"kind\":\"" + kind + "\",\"nodes\":[\"" + node + "\"]"));
        }
        for (Suspicion s : suspicions) {
            events.add(event(wallZero, s.start(), "\"type\":\"suspect\",\"observer\":\"" + s.observer() + "\",\"peer\":\"" + s.peer() + "\""));
            events.add(event(wallZero, s.end(), "\"type\":\"trust\",\"observer\":\"" + s.observer() + "\",\"peer\":\"" + s.peer() + "\""));
        }
        events.sort((a, b) -> Long.compare(timeOf(a), timeOf(b)));
        Files.write(dir.resolve("events.jsonl"), events);

        List<Long> okCompletions = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("history.jsonl"))) {
            long[] free = new long[CLIENTS];
            int[] process = new int[CLIENTS];
            for (int c = 0; c < CLIENTS; c++) {
                process[c] = c;
                free[c] = 1000 * MS + c * MS;
            }
            // ops are emitted in invocation order: the client whose next op starts first goes next
            List<String[]> pending = new ArrayList<>();
            int index = 0;
            for (int op = 0; op < OPS; op++) {
                int c = 0;
                for (int k = 1; k < CLIENTS; k++) {
                    if (free[k] < free[c]) {
                        c = k;
                    }
                }
                long start = free[c];
                boolean inFault = inFault(faults, start);
                int roll = random.nextInt(100);
                String type = inFault && roll < 8 ? "info" : roll < 20 ? "fail" : "ok";
                long latency = (long) ((inFault ? 40 : 3) * MS * Math.exp(random.nextGaussian() * 0.6));
                if (type.equals("info")) {
                    latency = 1000 * MS;
                }
                long end = start + latency;
                String f = random.nextBoolean() ? "read" : "write";
                String value = f.equals("read") ? "null" : Integer.toString(random.nextInt(5));
                pending.add(new String[] {Long.toString(start), "{\"time\":" + start + ",\"type\":\"invoke\",\"process\":" + process[c]
                        + ",\"f\":\"" + f + "\",\"value\":" + value + "}"});
                String result = f.equals("read") ? Integer.toString(random.nextInt(5)) : value;
                pending.add(new String[] {Long.toString(end), "{\"time\":" + end + ",\"type\":\"" + type + "\",\"process\":" + process[c]
                        + ",\"f\":\"" + f + "\",\"value\":" + result + "}"});
                if (type.equals("ok")) {
                    okCompletions.add(end);
                }
                if (type.equals("info")) {
                    process[c] += CLIENTS;
                }
                free[c] = end + random.nextInt(2_000_000);
            }
            pending.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));
            for (String[] line : pending) {
                out.write("{\"index\":" + index++ + "," + line[1].substring(1));
                out.write('\n');
            }
        }

        Timeline timeline = new Timeline(NODES, 0, LENGTH, faults, suspicions, okCompletions);
        Files.writeString(dir.resolve("detection.json"), DetectionChecker.create().check(timeline).toJson());
        for (String node : NODES) {
            try (BufferedWriter log = Files.newBufferedWriter(dir.resolve("logs").resolve(node + ".log"))) {
                log.write("---- faultline: " + node + " start 1 ----\n");
                for (long t = 0; t < LENGTH; t += 250 * MS) {
                    java.time.LocalTime local = java.time.Instant.ofEpochMilli(wallZero + t / MS)
                            .atZone(java.time.ZoneId.systemDefault()).toLocalTime();
                    log.write(String.format(Locale.ROOT, "%tT.%03d [main] INFO node - heartbeat round %d%n", local,
                            local.getNano() / 1_000_000, t / (250 * MS)));
                }
            }
        }
        Files.writeString(dir.resolve("cluster.json"), "{\"name\":\"synthetic\",\"nodes\":[" + String.join(",",
                NODES.stream().map(n -> "{\"name\":\"" + n + "\"}").toList()) + "]}\n");
        Files.writeString(dir.resolve("result.json"), "{\"test\":\"io.faultline.reports.ScaleRun#hundredThousandOps\","
                + "\"seed\":42,\"backend\":\"process\",\"boot-millis\":900,\"rerun\":\"(synthetic: ScaleRun.write)\","
                + "\"status\":\"passed\",\"operations\":" + 2 * OPS + ",\"faults\":" + FAULTS + "}\n");
        Files.writeString(dir.resolve("linearizability.json"), "{\"valid\":true,\"model\":\"register\",\"ops\":" + OPS + ",\"millis\":0}\n");
        Files.writeString(dir.resolve("seed"), "42\n");
        Files.writeString(dir.resolve("rerun.txt"), "(synthetic: ScaleRun.write)\n");
        return dir;
    }

    private static boolean inFault(List<InjectedFault> faults, long time) {
        for (InjectedFault f : faults) {
            if (f.start() <= time && time < f.end()) {
                return true;
            }
        }
        return false;
    }

    private static String names(List<String> nodes) {
        return "[" + String.join(",", nodes.stream().map(n -> "\"" + n + "\"").toList()) + "]";
    }

    private static String event(long wallZero, long time, String rest) {
        String wall = java.time.Instant.ofEpochMilli(wallZero).plusNanos(time).toString();
        return "{\"time\":" + time + ",\"wall\":\"" + wall + "\"," + rest + "}";
    }

    private static long timeOf(String event) {
        int from = event.indexOf("\"time\":") + 7;
        return Long.parseLong(event.substring(from, event.indexOf(',', from)));
    }
}
