package io.faultline.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.faultline.harness.backend.Backend;
import io.faultline.harness.backend.Backends;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The glue behind {@link ChaosTest}: boots the cluster before the test, hands the test its
 * {@link ChaosRun}, names the run directory in any failure, and tears everything down after —
 * keeping the run directory, which is where the evidence is.
 */
final class FaultlineExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultlineExtension.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ClusterSpec spec = clusterSpec(context.getRequiredTestClass());
        ChaosTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), ChaosTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("FaultlineExtension runs @ChaosTest methods only"));
        long seed = seed(annotation, context);
        String forcedBackend = annotation.backend().isEmpty()
                ? config(context, "faultline.backend").orElse("") : annotation.backend();
        Path directory = runDirectory(context);
        Files.createDirectories(directory);
        RunClock clock = RunClock.start();
        String runId = directory.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

        Resources resources = new Resources(directory);
        context.getStore(NAMESPACE).put(Resources.class, resources);
        resources.recorder = new Recorder(directory, clock);
        resources.backend = Backends.choose(forcedBackend);
        String rerun = rerunCommand(context, seed, resources.backend.name());
        System.out.println("faultline: " + context.getDisplayName() + " — seed " + seed + ", backend "
                + resources.backend.name() + ", run directory " + directory + "\nfaultline: rerun with: " + rerun);
        Files.writeString(directory.resolve("seed"), seed + "\n");
        Files.writeString(directory.resolve("rerun.txt"), rerun + "\n");
        JSON.writeValue(directory.resolve("cluster.json").toFile(), ClusterDescription.of(spec));

        resources.recorder.event("phase", "phase", "boot", "backend", resources.backend.name(), "seed", seed);
        long boot = System.nanoTime();
        RunningCluster cluster;
        try {
            cluster = RunningCluster.boot(spec, resources.backend, runId, directory, resources.recorder);
        } catch (Exception e) {
            throw new ExtensionConfigurationException("cluster " + spec.name() + " did not boot on the " + resources.backend.name()
                    + " backend: " + e.getMessage() + "\nfaultline: node logs and events are in " + directory, e);
        }
        resources.bootMillis = (System.nanoTime() - boot) / 1_000_000;
        resources.recorder.event("phase", "phase", "ready", "boot-millis", resources.bootMillis);
        resources.run = new DefaultChaosRun(cluster, resources.recorder, seed, directory, rerun);
        startProbes(spec, cluster, resources);
        resources.summary.put("test", context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName());
        resources.summary.put("seed", seed);
        resources.summary.put("backend", resources.backend.name());
        resources.summary.put("directory", directory.toString());
        resources.summary.put("boot-millis", resources.bootMillis);
        resources.summary.put("rerun", rerun);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == ChaosRun.class || type == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        DefaultChaosRun run = extension.getStore(NAMESPACE).get(Resources.class, Resources.class).run;
        return parameter.getParameter().getType() == Cluster.class ? run.cluster() : run;
    }

    /** A failed chaos test names the directory that holds its evidence, and how to replay it. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Resources resources = context.getStore(NAMESPACE).get(Resources.class, Resources.class);
        if (resources == null || resources.run == null) {
            throw failure;
        }
        String where = "\n\nfaultline: the run's history, events, node logs and seed are in " + resources.directory
                + "\nfaultline: rerun with: " + resources.run.rerunCommand();
        AssertionError named = new AssertionError(failure.getMessage() + where, failure);
        named.setStackTrace(failure.getStackTrace());
        throw named;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Resources resources = context.getStore(NAMESPACE).remove(Resources.class, Resources.class);
        if (resources == null) {
            return;
        }
        resources.summary.put("status", context.getExecutionException().isPresent() ? "failed" : "passed");
        context.getExecutionException().ifPresent(e -> resources.summary.put("failure", String.valueOf(e.getMessage())));
        resources.close();
    }

    /** Each probe's reports become suspect / trust events on the run's clock. */
    private static void startProbes(ClusterSpec spec, Cluster cluster, Resources resources) throws Exception {
        Recorder recorder = resources.recorder;
        DetectionProbe.Sink sink = new DetectionProbe.Sink() {
            @Override
            public void suspect(String observer, String peer, long time) {
                recorder.event(Event.of(time, "suspect", "observer", observer, "peer", peer));
            }

            @Override
            public void trust(String observer, String peer, long time) {
                recorder.event(Event.of(time, "trust", "observer", observer, "peer", peer));
            }
        };
        for (DetectionProbe probe : spec.detectionProbes()) {
            probe.start(cluster, recorder.clock(), sink);
            resources.probes.add(probe);
        }
    }

    private static ClusterSpec clusterSpec(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(ChaosCluster.class)) {
                    if (!Modifier.isStatic(field.getModifiers()) || field.getType() != ClusterSpec.class) {
                        throw new ExtensionConfigurationException("@ChaosCluster field " + c.getSimpleName() + "." + field.getName()
                                + " must be a static ClusterSpec");
                    }
                    try {
                        field.setAccessible(true);
                        return (ClusterSpec) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new ExtensionConfigurationException("cannot read " + field, e);
                    }
                }
            }
        }
        throw new ExtensionConfigurationException(testClass.getSimpleName() + " has no @ChaosCluster field; declare "
                + "@ChaosCluster static final ClusterSpec CLUSTER = ClusterSpec.of(...) in the test class");
    }

    private static long seed(ChaosTest annotation, ExtensionContext context) {
        if (annotation.seed() != 0) {
            return annotation.seed();
        }
        Optional<String> configured = config(context, "faultline.seed");
        if (configured.isPresent()) {
            try {
                return Long.parseLong(configured.get().trim());
            } catch (NumberFormatException e) {
                throw new ExtensionConfigurationException("faultline.seed must be a whole number, got '" + configured.get()
                        + "'; pass e.g. -Dfaultline.seed=1234", e);
            }
        }
        long seed;
        do {
            seed = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        } while (seed == 0);
        return seed;
    }

    /** A JUnit configuration parameter, then a system property of the same name. */
    private static Optional<String> config(ExtensionContext context, String key) {
        Optional<String> value = context.getConfigurationParameter(key);
        return value.isPresent() ? value : Optional.ofNullable(System.getProperty(key)).filter(s -> !s.isBlank());
    }

    private static Path runDirectory(ExtensionContext context) {
        Path base = Paths.get(config(context, "faultline.dir").orElse("target/faultline"));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return base.resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(context.getRequiredTestMethod().getName()).resolve(stamp).toAbsolutePath();
    }

    /** The Maven command that replays this test with this seed, from the top of the build. */
    private static String rerunCommand(ExtensionContext context, long seed, String backend) {
        Method method = context.getRequiredTestMethod();
        Path here = Paths.get("").toAbsolutePath();
        Path top = here;
        while (top.getParent() != null && Files.exists(top.getParent().resolve("pom.xml"))) {
            top = top.getParent();
        }
        String module = top.equals(here) ? "" : " -pl " + top.relativize(here);
        // Surefire selects a nested class by its binary name, Outer$Inner, which a shell must not expand.
        Class<?> testClass = context.getRequiredTestClass();
        String name = testClass.getName().substring(testClass.getName().lastIndexOf('.') + 1);
        String test = "-Dtest=" + name + "#" + method.getName();
        return "mvn verify -Pchaos" + module + " " + (name.contains("$") ? "'" + test + "'" : test)
                + " -Dfaultline.seed=" + seed + " -Dfaultline.backend=" + backend;
    }

    /** Everything a run holds, closed even when the test or the boot fails. */
    private static final class Resources implements ExtensionContext.Store.CloseableResource {
        final Path directory;
        final Map<String, Object> summary = new LinkedHashMap<>();
        final java.util.List<DetectionProbe> probes = new java.util.ArrayList<>();
        Recorder recorder;
        Backend backend;
        DefaultChaosRun run;
        long bootMillis;

        Resources(Path directory) {
            this.directory = directory;
        }

        @Override
        public void close() throws Exception {
            for (DetectionProbe probe : probes) {
                probe.stop();
            }
            try {
                if (run != null) {
                    summary.put("operations", run.cluster() == null ? 0 : recorder.history().size());
                    summary.put("faults", recorder.events().stream().filter(e -> e.type().equals("fault-start")).count());
                }
                if (recorder != null) {
                    recorder.event("phase", "phase", "teardown");
                }
            } finally {
                try {
                    if (backend != null) {
                        backend.close();
                    }
                } finally {
                    if (recorder != null) {
                        recorder.close();
                    }
                    summary.putIfAbsent("status", "failed");
                    JSON.writeValue(directory.resolve("result.json").toFile(), summary);
                }
            }
        }
    }
}
