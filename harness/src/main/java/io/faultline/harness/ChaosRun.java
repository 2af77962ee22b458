package io.faultline.harness;

import io.faultline.checkers.history.History;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

/**
 * One chaos run: the booted cluster, its seed and clock, the recorder every event goes to, and the
 * directory that keeps the evidence. A {@link ChaosTest} method receives one; without JUnit,
 * {@link #start} boots one and whoever started it closes it:
 *
 * <pre>{@code
 * try (ChaosRun run = ChaosRun.start(ZooKeeperCluster.ensemble(3), RunOptions.defaults().withSeed(42))) {
 *     RunResult result = run.execute(workload, schedule);
 *     RunAssert.assertThat(result).isLinearizable(CasRegister.casRegister(0L));
 * }
 * }</pre>
 *
 * A nemesis and a detection probe see the same run: its cluster, network, clock and recorder.
 */
public interface ChaosRun extends AutoCloseable {

    /**
     * Chooses the backend, boots {@code spec} on it with every link behind its own proxy, starts the
     * cluster's detection probes, and returns once every node is healthy. Prints the seed, the
     * backend, the run directory and the rerun command. The run directory gets {@code seed},
     * {@code rerun.txt}, {@code cluster.json}, {@code events.jsonl}, {@code history.jsonl}, every
     * node's log and files, and at close {@code history.edn}.
     *
     * @throws IllegalStateException when the cluster does not boot, saying why and where its node
     *     logs are; nothing the run started is left
     */
    static ChaosRun start(ClusterSpec spec, RunOptions options) throws Exception {
        ChaosRunFactory factory = ServiceLoader.load(ChaosRunFactory.class, ChaosRun.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Faultline runtime on the classpath ("
                        + ChaosRunFactory.class.getName() + " has no provider); depend on io.faultline:faultline-harness"));
        return factory.start(spec, options);
    }

    Cluster cluster();

    default Network network() {
        return cluster().network();
    }

    RunClock clock();

    /** Records an event on the run's clock (written to {@code events.jsonl}). */
    void record(Event event);

    /** The seed that fixes the schedule's draws. */
    long seed();

    /** The backend the run uses: {@code docker} or {@code process}. */
    String backend();

    /** How long the cluster took to boot: from starting the proxy server to the last node healthy. */
    Duration bootTime();

    /** The run directory: for a chaos test {@code target/faultline/<TestClass>/<method>/<timestamp>/}. */
    Path directory();

    /** The command that replays this run's schedule. */
    String rerunCommand();

    /**
     * Runs the workload under the schedule, records everything, and returns what happened — once
     * it has checked that the run proved something ({@link Checkers#runMustProveSomething}, written
     * to {@code checks.json}).
     *
     * @param relaxed the checks this run may fail, stated in the test: e.g.
     *     {@code Expect.noOkOperationsFor("cas")}
     * @throws AssertionError when the run proved nothing, naming why and the {@link Expect} that
     *     would allow it
     */
    RunResult execute(Workload workload, Schedule schedule, Expect... relaxed);

    /** The client operations recorded so far. */
    History history();

    /** The events recorded so far: phases, faults, node lifecycle, suspicions. */
    List<Event> events();

    /**
     * Stops the detection probes, removes every node, container, network and proxy the run started,
     * and writes {@code history.edn}; the run directory stays. Safe to call twice.
     *
     * @throws IllegalStateException naming what could not be removed
     */
    @Override
    void close();
}
