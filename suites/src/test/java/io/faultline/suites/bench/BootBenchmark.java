package io.faultline.suites.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.RunOptions;
import io.faultline.harness.backend.docker.DockerBackend;
import io.faultline.suites.zookeeper.ZooKeeperCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * Time from "boot it" to a ready 3-node ZooKeeper ensemble (every node's {@code srvr} says leader or
 * follower), with Faultline — proxy server, 12 link proxies and 3 client proxies, then the nodes —
 * and without: the same three nodes started the plain way ({@link PlainEnsembles}), in each backend.
 * The variants take turns rep by rep, so that the machine's noise falls on all of them. A tool, not
 * a test: it asserts nothing.
 *
 * <p>Run from the repository root (the Docker variants need Docker and the two variables; without
 * Docker run only {@code -Dbench.backends=process}):
 * <pre>
 * mvn -q -o -pl suites -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
 * TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost \
 *   java -cp suites/target/test-classes:suites/target/classes:$(cat suites/target/bench.classpath) io.faultline.suites.bench.BootBenchmark
 * </pre>
 * {@code -Dbench.reps=5 -Dbench.warmup=1 -Dbench.backends=process,docker} before the class name
 * change the defaults. Run directories go to {@code suites/target/boot-bench/<timestamp>/}.
 */
public final class BootBenchmark {
    private static final String CLIENT = ZooKeeperCluster.CLIENT_PORT;
    /**
     * Every port a node of {@code ZooKeeperCluster.ensemble(3)} binds as a plain process, on its own
     * fixed address ({@link PlainEnsembles}); Faultline's runs take a loopback block of their own.
     */
    private static final List<String> ZOOKEEPER_PORTS = Stream.of("127.0.0.2", "127.0.0.3", "127.0.0.4")
            .flatMap(host -> Stream.of(2181, 2888, 3888, 7070).map(port -> host + ":" + port)).toList();

    enum Variant {
        FAULTLINE_PROCESS("Faultline, process backend", "process"),
        PLAIN_PROCESSES("plain processes (baseline)", "process"),
        FAULTLINE_DOCKER("Faultline, Docker backend", "docker"),
        PLAIN_TESTCONTAINERS("plain Testcontainers (baseline)", "docker");

        final String label;
        final String backend;

        Variant(String label, String backend) {
            this.label = label;
            this.backend = backend;
        }

        boolean faultline() {
            return this == FAULTLINE_PROCESS || this == FAULTLINE_DOCKER;
        }
    }

    /** One Faultline boot taken apart by its run's events: setup, proxy server and proxies, nodes. */
    record Breakdown(double setupMillis, double proxiesMillis, double nodesMillis) {
    }

    private final int reps = Integer.getInteger("bench.reps", 5);
    private final int warmup = Integer.getInteger("bench.warmup", 1);
    private final List<String> backends = List.of(System.getProperty("bench.backends", "process,docker").split(","));
    private final ClusterSpec spec = ZooKeeperCluster.ensemble(3);
    private final Map<Variant, List<Double>> millis = new EnumMap<>(Variant.class);
    private final Map<Variant, List<Breakdown>> breakdowns = new EnumMap<>(Variant.class);
    /** CPU this JVM used while booting (the embedded proxy server included), per timed rep. */
    private final Map<Variant, List<Double>> cpuMillis = new EnumMap<>(Variant.class);
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final PrintStream out = System.out;
    private Path base;
    private int failures;
    private String jreImage;

    public static void main(String[] args) throws Exception {
        // Testcontainers' and the embedded proxy's info lines would bury the measurements
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        java.util.logging.Logger.getLogger("io.faultline.proxy").setLevel(java.util.logging.Level.WARNING);
        new BootBenchmark().run();
    }

    private void run() throws Exception {
        base = Files.createDirectories(targetDirectory().resolve("boot-bench")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        List<Variant> variants = new ArrayList<>();
        for (Variant v : Variant.values()) {
            if (backends.contains(v.backend)) {
                variants.add(v);
            }
        }
        if (backends.contains("docker")) {
            jreImage = DockerBackend.javaImage(); // built once, before anything is timed
            PlainEnsembles.sweep();
        }
        for (int rep = -warmup; rep < reps; rep++) {
            // alternate the order, so that no variant always follows the same one
            List<Variant> order = new ArrayList<>(variants);
            if (Math.floorMod(rep, 2) == 1) {
                java.util.Collections.reverse(order);
            }
            for (Variant v : order) {
                double ms = measureRetrying(v, rep);
                log(String.format(Locale.ROOT, "%s rep %d: %.0f ms", v.label, rep, ms) + (rep < 0 ? " (warm-up)" : ""));
                if (rep >= 0) {
                    millis.computeIfAbsent(v, k -> new ArrayList<>()).add(ms);
                }
            }
        }
        report();
        checkNothingLeft();
    }

    /**
     * A rep that fails is run again, up to twice, and said: on a shared machine another build's
     * ZooKeeper may take the fixed ports between the check and the start.
     */
    private double measureRetrying(Variant v, int rep) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return measure(v, rep, attempt);
            } catch (Exception e) {
                if (attempt == 3) {
                    throw e;
                }
                String message = String.valueOf(e.getMessage());
                log(v.label + " rep " + rep + " failed, run again: " + message.lines().findFirst().orElse(""));
                failures++;
            }
        }
    }

    private double measure(Variant v, int rep, int attempt) throws Exception {
        Path dir = base.resolve(v.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + (rep < 0 ? "w" + -rep : rep)
                + (attempt > 1 ? "-again" + attempt : ""));
        if (v == Variant.PLAIN_PROCESSES) {
            awaitZooKeeperPortsFree();
        }
        switch (v) {
            case FAULTLINE_PROCESS, FAULTLINE_DOCKER -> {
                RunOptions options = RunOptions.defaults().withSeed(1).withBackend(v.backend).withDirectory(dir);
                long start = System.nanoTime();
                long cpu = CPU.getProcessCpuTime();
                try (ChaosRun run = ChaosRun.start(spec, options)) {
                    double ms = (System.nanoTime() - start) / 1e6;
                    recordCpu(v, rep, cpu);
                    if (rep >= 0) {
                        breakdowns.computeIfAbsent(v, k -> new ArrayList<>()).add(breakdown(run.directory()));
                    }
                    return ms;
                }
            }
            case PLAIN_PROCESSES -> {
                long start = System.nanoTime();
                long cpu = CPU.getProcessCpuTime();
                try (PlainEnsembles.Started ignored = PlainEnsembles.processes(spec, CLIENT, dir)) {
                    recordCpu(v, rep, cpu);
                    return (System.nanoTime() - start) / 1e6;
                }
            }
            case PLAIN_TESTCONTAINERS -> {
                long start = System.nanoTime();
                long cpu = CPU.getProcessCpuTime();
                try (PlainEnsembles.Started ignored = PlainEnsembles.containers(spec, CLIENT, jreImage, dir)) {
                    recordCpu(v, rep, cpu);
                    return (System.nanoTime() - start) / 1e6;
                }
            }
            default -> throw new IllegalArgumentException(v.toString());
        }
    }

    private void recordCpu(Variant v, int rep, long cpuBefore) {
        if (rep >= 0) {
            cpuMillis.computeIfAbsent(v, k -> new ArrayList<>()).add((CPU.getProcessCpuTime() - cpuBefore) / 1e6);
        }
    }

    /**
     * From the run's events: setup (run clock start to the boot phase: files, backend choice), until
     * the nodes start (boot phase to the first node-start: the proxy server started, the
     * configuration files rendered, the nodes created), nodes (first node-start to the last
     * node-ready; the proxies are created meanwhile).
     */
    private static Breakdown breakdown(Path runDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long boot = -1;
        long firstStart = Long.MAX_VALUE;
        long lastReady = -1;
        for (String line : Files.readAllLines(runDir.resolve("events.jsonl"))) {
            JsonNode event = json.readTree(line);
            long time = event.get("time").asLong();
            switch (event.get("type").asText()) {
                case "phase" -> {
                    if (event.get("phase").asText().equals("boot")) {
                        boot = time;
                    }
                }
                case "node-start" -> firstStart = Math.min(firstStart, time);
                case "node-ready" -> lastReady = Math.max(lastReady, time);
                default -> {
                }
            }
        }
        return new Breakdown(boot / 1e6, (firstStart - boot) / 1e6, (lastReady - firstStart) / 1e6);
    }

    private void report() {
        out.printf(Locale.ROOT, "%n| variant | reps | median ms | min ms | max ms | test JVM CPU ms, median |%n|---|---:|---:|---:|---:|---:|%n");
        for (Variant v : Variant.values()) {
            List<Double> ms = millis.get(v);
            if (ms != null) {
                out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n", v.label, ms.size(), median(ms),
                        ms.stream().mapToDouble(d -> d).min().orElseThrow(), ms.stream().mapToDouble(d -> d).max().orElseThrow(),
                        median(cpuMillis.get(v)));
            }
        }
        out.printf(Locale.ROOT, "%n| backend | Faultline / baseline, medians | min / min |%n|---|---:|---:|%n");
        ratio("process", Variant.FAULTLINE_PROCESS, Variant.PLAIN_PROCESSES);
        ratio("docker", Variant.FAULTLINE_DOCKER, Variant.PLAIN_TESTCONTAINERS);

        out.printf(Locale.ROOT, "%n| Faultline boot, medians | setup ms | boot to first node start ms | node start to all ready ms |%n"
                + "|---|---:|---:|---:|%n");
        for (Variant v : List.of(Variant.FAULTLINE_PROCESS, Variant.FAULTLINE_DOCKER)) {
            List<Breakdown> b = breakdowns.get(v);
            if (b != null) {
                out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", v.label,
                        median(b.stream().map(Breakdown::setupMillis).toList()),
                        median(b.stream().map(Breakdown::proxiesMillis).toList()),
                        median(b.stream().map(Breakdown::nodesMillis).toList()));
            }
        }
        out.printf(Locale.ROOT, "%n%s %s, %d cores, load average %.1f at the end; %d failed reps run again; run directories in %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), failures, base);
    }

    private void ratio(String backend, Variant faultline, Variant baseline) {
        List<Double> f = millis.get(faultline);
        List<Double> b = millis.get(baseline);
        if (f != null && b != null) {
            double minF = f.stream().mapToDouble(d -> d).min().orElseThrow();
            double minB = b.stream().mapToDouble(d -> d).min().orElseThrow();
            out.printf(Locale.ROOT, "| %s | **%.2f×** | %.2f× |%n", backend, median(f) / median(b), minF / minB);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Other runs on this machine (a parallel build's chaos tests) may hold ZooKeeper's fixed ports;
     * a boot then fails with "Address already in use". Wait until they are free, and say so.
     */
    private void awaitZooKeeperPortsFree() throws Exception {
        long since = System.nanoTime();
        boolean said = false;
        while (!ZOOKEEPER_PORTS.stream().allMatch(BootBenchmark::free)) {
            if (!said) {
                log("ZooKeeper's ports are taken by something else on this machine; waiting for them");
                said = true;
            }
            if (System.nanoTime() - since > 600e9) {
                throw new IllegalStateException("ZooKeeper's ports " + ZOOKEEPER_PORTS + " stayed taken for 10 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static boolean free(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (ServerSocket ignored = new ServerSocket(Integer.parseInt(hostPort.substring(colon + 1)), 1,
                InetAddress.getByName(hostPort.substring(0, colon)))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails if a node process, container or network of this benchmark is still there. */
    private void checkNothingLeft() throws IOException {
        List<String> left = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline"));
                    if (Arrays.stream(cmdline.split("\0")).anyMatch(a -> a.contains(base.toString()))
                            && !Files.readString(proc.resolve("stat")).matches("\\d+ \\(.*\\) Z.*")) {
                        left.add("process " + proc.getFileName() + ": " + cmdline.replace('\0', ' '));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        if (backends.contains("docker")) {
            var docker = DockerClientFactory.instance().client();
            String pid = Long.toString(ProcessHandle.current().pid());
            docker.listContainersCmd().withShowAll(true).exec().stream()
                    .filter(c -> ours(c.getLabels(), pid))
                    .forEach(c -> left.add("container " + String.join(",", c.getNames())));
            docker.listNetworksCmd().exec().stream()
                    .filter(n -> ours(n.getLabels(), pid))
                    .forEach(n -> left.add("network " + n.getName()));
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("the benchmark left these behind:\n" + String.join("\n", left));
        }
        out.println("nothing left behind: no node process, container or network of this benchmark remains");
    }

    /** A baseline's label, or the Docker backend's owner label, names this JVM. */
    private static boolean ours(Map<String, String> labels, String pid) {
        return labels != null && (pid.equals(labels.get(PlainEnsembles.LABEL))
                || labels.getOrDefault("faultline.owner", "").startsWith(pid + "@"));
    }

    private static Path targetDirectory() throws URISyntaxException {
        // suites/target/test-classes -> suites/target
        return Path.of(BootBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    private void log(String line) {
        out.println("bench: " + line);
    }
}
