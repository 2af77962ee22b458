package io.faultline.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The glue behind {@link ChaosTest} and {@link ChaosParameterizedTest}: boots the cluster just
 * before the test method runs — once its arguments are known, so a parameterised test's
 * {@link ClusterSpec} argument is the cluster it gets — hands the test its {@link ChaosRun}, names
 * the run directory in any failure, and tears everything down after, keeping the run directory,
 * which is where the evidence is.
 */
final class FaultlineExtension implements InvocationInterceptor, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultlineExtension.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        boot(context, call.getArguments());
        invocation.proceed();
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        boot(context, call.getArguments());
        invocation.proceed();
    }

    private void boot(ExtensionContext context, List<Object> arguments) throws Exception {
        ClusterSpec spec = arguments.stream().filter(ClusterSpec.class::isInstance).map(ClusterSpec.class::cast).findFirst()
                .orElseGet(() -> clusterSpec(context.getRequiredTestClass()));
        Settings settings = settings(context.getRequiredTestMethod());
        RunOptions options = RunOptions.defaults()
                .withBackend(settings.backend().isEmpty() ? config(context, "faultline.backend").orElse("") : settings.backend())
                .withDirectory(runDirectory(context))
                .withTestName(testName(context));
        OptionalLong seed = seed(settings, context);
        if (seed.isPresent()) {
            options = options.withSeed(seed.getAsLong());
        }

        Resources resources = resources(context);
        resources.directory = options.directory().orElseThrow();
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
        resources.summary.put("display-name", context.getDisplayName());
        resources.summary.put("seed", run.seed());
        resources.summary.put("backend", run.backend());
        resources.summary.put("directory", run.directory().toString());
        resources.summary.put("boot-millis", run.bootTime().toMillis());
        resources.summary.put("rerun", run.rerunCommand());
    }

    private static Resources resources(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Resources.class, k -> new Resources(), Resources.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == ChaosRun.class || type == Cluster.class;
    }

    /**
     * The run (or its cluster) as a stand-in that reaches the run booted just before the method is
     * called: parameters are resolved before the cluster to boot is known.
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Resources resources = resources(extension);
        Class<?> type = parameter.getParameter().getType();
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "faultline " + type.getSimpleName() + " of " + resources.directory;
                };
            }
            if (resources.run == null) {
                throw new IllegalStateException("the chaos run is not booted yet; use the " + type.getSimpleName()
                        + " parameter inside the test method");
            }
            Object target = type == Cluster.class ? resources.run.cluster() : resources.run;
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /**
     * A failed chaos test names the directory that holds its evidence, and how to replay it — in an
     * exception of the same kind, so that an assumption still aborts and an assertion still shows
     * its expected and actual values; any other exception is kept and carries the evidence as a
     * suppressed one.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Resources resources = context.getStore(NAMESPACE).get(Resources.class, Resources.class);
        if (resources == null || resources.run == null) {
            throw failure;
        }
        String where = "\n\nfaultline: the run's history, events, node logs and seed are in " + resources.directory
                + "\nfaultline: rerun with: " + resources.run.rerunCommand();
        String message = failure.getMessage() + where;
        Throwable named;
        if (failure instanceof TestAbortedException) {
            named = new TestAbortedException(message, failure);
        } else if (failure instanceof AssertionFailedError f) {
            named = new AssertionFailedError(message, f.getExpected(), f.getActual(), failure);
        } else if (failure.getClass() == AssertionError.class) {
            named = new AssertionError(message, failure);
        } else {
            failure.addSuppressed(new RunEvidence(where.strip()));
            throw failure;
        }
        named.setStackTrace(failure.getStackTrace());
        throw named;
    }

    /** Where a failed run's evidence is, attached to an exception whose type the extension keeps. */
    private static final class RunEvidence extends Exception {
        RunEvidence(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Resources resources = context.getStore(NAMESPACE).remove(Resources.class, Resources.class);
        if (resources == null || resources.directory == null) {
            return;
        }
        resources.summary.put("status", context.getExecutionException().map(e -> e instanceof TestAbortedException ? "aborted" : "failed")
                .orElse("passed"));
        context.getExecutionException().ifPresent(e -> resources.summary.put("failure", String.valueOf(e.getMessage())));
        resources.close();
    }

    /**
     * The cluster a test class declares: a {@link ChaosCluster} static field or no-argument static
     * method, on the class, a superclass, or an enclosing class.
     */
    static ClusterSpec clusterSpec(Class<?> testClass) {
        for (Class<?> outer = testClass; outer != null; outer = outer.getEnclosingClass()) {
            for (Class<?> c = outer; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (field.isAnnotationPresent(ChaosCluster.class)) {
                        requireStaticSpec(field, field.getModifiers(), field.getType(), c);
                        return read(field, () -> field.get(null));
                    }
                }
                for (Method method : c.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(ChaosCluster.class)) {
                        requireStaticSpec(method, method.getModifiers(), method.getReturnType(), c);
                        if (method.getParameterCount() != 0) {
                            throw new ExtensionConfigurationException("@ChaosCluster method " + c.getSimpleName() + "."
                                    + method.getName() + " must take no arguments; for several clusters, make the test a"
                                    + " @ChaosParameterizedTest with a ClusterSpec argument");
                        }
                        return read(method, () -> method.invoke(null));
                    }
                }
            }
        }
        throw new ExtensionConfigurationException(testClass.getSimpleName() + " has no @ChaosCluster; declare "
                + "@ChaosCluster static final ClusterSpec CLUSTER = ClusterSpec.of(...) in the test class or a superclass,"
                + " or make the test a @ChaosParameterizedTest with a ClusterSpec argument");
    }

    private static void requireStaticSpec(AnnotatedElement element, int modifiers, Class<?> type, Class<?> owner) {
        if (!Modifier.isStatic(modifiers) || type != ClusterSpec.class) {
            throw new ExtensionConfigurationException("@ChaosCluster " + element + " in " + owner.getSimpleName()
                    + " must be static and a ClusterSpec");
        }
    }

    private interface Reading {
        Object read() throws ReflectiveOperationException;
    }

    private static ClusterSpec read(java.lang.reflect.AccessibleObject member, Reading reading) {
        try {
            member.setAccessible(true);
            return (ClusterSpec) reading.read();
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("cannot read @ChaosCluster " + member + ": " + e, e);
        }
    }

    /** The seed and backend a test's annotation asks for. */
    private record Settings(long[] seed, String backend) {
    }

    private static Settings settings(Method method) {
        Optional<ChaosTest> test = AnnotationSupport.findAnnotation(method, ChaosTest.class);
        if (test.isPresent()) {
            return new Settings(test.get().seed(), test.get().backend());
        }
        ChaosParameterizedTest parameterized = AnnotationSupport.findAnnotation(method, ChaosParameterizedTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "FaultlineExtension runs @ChaosTest and @ChaosParameterizedTest methods only"));
        return new Settings(parameterized.seed(), parameterized.backend());
    }

    /** The annotation's seed, else {@code faultline.seed}; empty lets the run draw one. */
    private static OptionalLong seed(Settings settings, ExtensionContext context) {
        if (settings.seed().length > 1) {
            throw new ExtensionConfigurationException("give one seed, e.g. @ChaosTest(seed = 42); got " + settings.seed().length);
        }
        if (settings.seed().length == 1) {
            return OptionalLong.of(settings.seed()[0]);
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

    /** {@code <base>/<TestClass>/<method>/<timestamp>}; a parameterised test's invocations get their own timestamps. */
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
        final Map<String, Object> summary = new LinkedHashMap<>();
        Path directory;
        ChaosRun run;

        @Override
        public void close() throws Exception {
            if (directory == null) {
                return;
            }
            try {
                if (run != null) {
                    run.close();
                }
            } finally {
                if (run != null) {
                    summary.put("operations", run.history().size());
                    summary.put("faults", run.events().stream().filter(e -> e.type().equals("fault-start")).count());
                    summary.put("fault-errors", run.events().stream().filter(e -> e.type().equals("fault-error")).count());
                }
                summary.putIfAbsent("status", "failed");
                java.nio.file.Files.createDirectories(directory);
                JSON.writeValue(directory.resolve("result.json").toFile(), summary);
            }
        }
    }
}
