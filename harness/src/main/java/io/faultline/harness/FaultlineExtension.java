package io.faultline.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
        RunOptions options = RunOptions.defaults()
                .withBackend(annotation.backend().isEmpty() ? config(context, "faultline.backend").orElse("") : annotation.backend())
                .withDirectory(runDirectory(context))
                .withTestName(testName(context));
        OptionalLong seed = seed(annotation, context);
        if (seed.isPresent()) {
            options = options.withSeed(seed.getAsLong());
        }

        Resources resources = new Resources(options.directory().orElseThrow());
        context.getStore(NAMESPACE).put(Resources.class, resources);
        try {
            resources.run = ChaosRun.start(spec, options);
        } catch (Exception e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
        ChaosRun run = resources.run;
        // for whatever renders the build's results (the reports module's listener, IDEs, Surefire's XML)
        context.publishReportEntry(Map.of("faultline.run-directory", run.directory().toString(),
                "faultline.rerun", run.rerunCommand(), "faultline.seed", Long.toString(run.seed()),
                "faultline.backend", run.backend()));
        resources.summary.put("test", context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName());
        resources.summary.put("seed", run.seed());
        resources.summary.put("backend", run.backend());
        resources.summary.put("directory", run.directory().toString());
        resources.summary.put("boot-millis", run.bootTime().toMillis());
        resources.summary.put("rerun", run.rerunCommand());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == ChaosRun.class || type == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ChaosRun run = extension.getStore(NAMESPACE).get(Resources.class, Resources.class).run;
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

    /** The annotation's seed, else {@code faultline.seed}; empty lets the run draw one. */
    private static OptionalLong seed(ChaosTest annotation, ExtensionContext context) {
        if (annotation.seed() != 0) {
            return OptionalLong.of(annotation.seed());
        }
        Optional<String> configured = config(context, "faultline.seed");
        if (configured.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(configured.get().trim()));
        } catch (NumberFormatException e) {
            throw new ExtensionConfigurationException("faultline.seed must be a whole number, got '" + configured.get()
                    + "'; pass e.g. -Dfaultline.seed=1234", e);
        }
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

    /** The test as Surefire selects it: a nested class by its binary name, {@code Outer$Inner#method}. */
    private static String testName(ExtensionContext context) {
        String className = context.getRequiredTestClass().getName();
        return className.substring(className.lastIndexOf('.') + 1) + "#" + context.getRequiredTestMethod().getName();
    }

    /** The run, and its result.json, written at close even when the test or the boot fails. */
    private static final class Resources implements ExtensionContext.Store.CloseableResource {
        final Path directory;
        final Map<String, Object> summary = new LinkedHashMap<>();
        ChaosRun run;

        Resources(Path directory) {
            this.directory = directory;
        }

        @Override
        public void close() throws Exception {
            try {
                if (run != null) {
                    run.close();
                }
            } finally {
                if (run != null) {
                    summary.put("operations", run.history().size());
                    summary.put("faults", run.events().stream().filter(e -> e.type().equals("fault-start")).count());
                }
                summary.putIfAbsent("status", "failed");
                JSON.writeValue(directory.resolve("result.json").toFile(), summary);
            }
        }
    }
}
