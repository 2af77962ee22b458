package io.faultline.harness;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How {@link ChaosRun#start} runs a cluster: immutable; every {@code with...} returns a copy.
 * Whatever is left unset takes its default: a random seed (printed), Docker when it is reachable
 * else local processes, a run directory under {@code target/faultline/<cluster>/}, and no test to
 * name in the rerun command.
 *
 * <pre>{@code
 * RunOptions.defaults().withSeed(42).withBackend("process").withDirectory(Path.of("target/runs/one"))
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS = new RunOptions(OptionalLong.empty(), "", null, null);

    private final OptionalLong seed;
    private final String backend;
    private final Path directory;
    private final String testName;

    private RunOptions(OptionalLong seed, String backend, Path directory, String testName) {
        this.seed = seed;
        this.backend = backend;
        this.directory = directory;
        this.testName = testName;
    }

    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** The seed that fixes the schedule's draws. */
    public RunOptions withSeed(long newSeed) {
        return new RunOptions(OptionalLong.of(newSeed), backend, directory, testName);
    }

    /** {@code docker} or {@code process}; blank chooses Docker when it is reachable, else processes. */
    public RunOptions withBackend(String newBackend) {
        return new RunOptions(seed, Objects.requireNonNull(newBackend, "backend").trim(), directory, testName);
    }

    /** The run directory itself (created if missing), which keeps the evidence. */
    public RunOptions withDirectory(Path newDirectory) {
        return new RunOptions(seed, backend, Objects.requireNonNull(newDirectory, "directory"), testName);
    }

    /**
     * The test that runs the cluster, as Surefire selects it ({@code ZooKeeperChaosTest#method}, a
     * nested class as {@code Outer$Inner#method}): the rerun command becomes the Maven command that
     * runs that test with this run's seed and backend.
     */
    public RunOptions withTestName(String newTestName) {
        return new RunOptions(seed, backend, directory, Objects.requireNonNull(newTestName, "testName"));
    }

    public OptionalLong seed() {
        return seed;
    }

    /** {@code docker}, {@code process}, or empty to choose. */
    public String backend() {
        return backend;
    }

    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    public Optional<String> testName() {
        return Optional.ofNullable(testName);
    }

    @Override
    public String toString() {
        return "RunOptions[seed=" + (seed.isPresent() ? seed.getAsLong() : "random") + ", backend="
                + (backend.isEmpty() ? "choose" : backend) + ", directory=" + directory + ", testName=" + testName + "]";
    }
}
