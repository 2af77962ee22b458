package io.faultline.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Renders each chaos test's {@code report.html} as the test finishes, and at the end of the test
 * plan writes the {@code index.html} of every run in the run directory tree, appends this build's
 * runs to the trends, adds each run's evidence to the Allure results when there are any, and prints
 * where the index is. Registered through
 * {@code META-INF/services}, so a module that has {@code faultline-reports} on its test classpath
 * gets it without configuration; it learns a test's run directory from the report entry
 * {@value #RUN_DIRECTORY} the harness publishes.
 *
 * <p>A report that cannot be rendered is said loudly on stderr and never fails the test: the run's
 * files are the evidence, the page only shows them.
 *
 * <p>Configuration (JUnit configuration parameters, else system properties): {@code faultline.dir}
 * (where run directories and the index go, default {@code target/faultline}), {@code faultline.trends}
 * (the trends file, default {@code <faultline.dir>/faultline-history.jsonl}), {@code faultline.trends.cap}
 * (its size cap in bytes), {@code allure.results.directory} (default {@code target/allure-results},
 * used only if it exists).
 */
public final class ReportListener implements TestExecutionListener {
    /** The report entry key under which the harness publishes a chaos test's run directory. */
    public static final String RUN_DIRECTORY = "faultline.run-directory";

    private final Map<String, Path> published = new ConcurrentHashMap<>();
    private final List<RenderedRun> runs = new ArrayList<>();
    private final PrintStream out;
    private TestPlan plan;

    record RenderedRun(String className, String methodName, Path directory, boolean failed) {
    }

    public ReportListener() {
        this(System.out);
    }

    ReportListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.equals(RUN_DIRECTORY)) {
                published.put(test.getUniqueId(), Paths.get(value));
            }
        });
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        Path dir = published.remove(test.getUniqueId());
        if (dir == null) {
            return;
        }
        try {
            Path report = RunReport.write(dir);
            out.println("faultline: report " + report.toAbsolutePath());
        } catch (IOException | RuntimeException | LinkageError e) {
            loudly("could not render the report of " + dir + ": " + e, e);
        }
        MethodSource source = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast).orElse(null);
        synchronized (runs) {
            runs.add(new RenderedRun(source == null ? test.getDisplayName() : source.getClassName(),
                    source == null ? "" : source.getMethodName(), dir, result.getStatus() != TestExecutionResult.Status.SUCCESSFUL));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<RenderedRun> finished;
        synchronized (runs) {
            finished = List.copyOf(runs);
        }
        if (finished.isEmpty()) {
            return;
        }
        Path base = Paths.get(config("faultline.dir").orElse("target/faultline")).toAbsolutePath();
        Path index = base.resolve(BuildIndex.FILE);
        try {
            Path trendsFile = config("faultline.trends").map(Paths::get).orElse(base.resolve(Trends.FILE));
            long cap = config("faultline.trends.cap").map(Long::parseLong).orElse(Trends.DEFAULT_CAP);
            List<Path> thisBuild = finished.stream().map(RenderedRun::directory).toList();
            List<Path> all = everyRun(base, thisBuild);
            BuildIndex.write(index, all, Trends.open(trendsFile, cap), thisBuild);
            out.println("faultline: index of " + all.size() + " runs (" + thisBuild.size() + " of this build): " + index);
            out.println("faultline: trends across builds: " + trendsFile.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            loudly("could not write the index " + index + ": " + e, e);
        }
        Path allure = Paths.get(config("allure.results.directory").orElse("target/allure-results")).toAbsolutePath();
        if (Files.isDirectory(allure)) {
            try {
                int added = AllureResults.addEvidence(allure, finished);
                out.println("faultline: added the evidence of " + added + " runs to the Allure results in " + allure);
            } catch (IOException | RuntimeException e) {
                loudly("could not add the runs' evidence to the Allure results in " + allure + ": " + e, e);
            }
        }
    }

    /**
     * This build's runs and every run already in {@code base}: CI runs the chaos tests once per
     * backend into the same directory, and the index written last must list both jobs' runs.
     */
    private static List<Path> everyRun(Path base, List<Path> thisBuild) throws IOException {
        Set<Path> all = new TreeSet<>();
        thisBuild.forEach(run -> all.add(run.toAbsolutePath().normalize()));
        if (Files.isDirectory(base)) {
            BuildIndex.runDirectories(base).forEach(run -> all.add(run.toAbsolutePath().normalize()));
        }
        return List.copyOf(all);
    }

    private Optional<String> config(String key) {
        Optional<String> value = plan == null ? Optional.empty() : plan.getConfigurationParameters().get(key);
        return value.or(() -> Optional.ofNullable(System.getProperty(key))).filter(s -> !s.isBlank());
    }

    private static void loudly(String message, Throwable e) {
        System.err.println("faultline: ERROR " + message + " (the test's result is unaffected; its run directory holds the evidence)");
        e.printStackTrace();
    }
}
