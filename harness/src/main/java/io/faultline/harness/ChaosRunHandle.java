package io.faultline.harness;

import java.time.Duration;

/**
 * A run started by {@link ChaosRuns#start}, owned by whoever started it: close it, and everything
 * the run started is gone while its run directory stays.
 *
 * <pre>{@code
 * try (ChaosRunHandle run = ChaosRuns.start(ZooKeeperCluster.ensemble(3), RunOptions.defaults().withSeed(42))) {
 *     RunResult result = run.execute(workload, schedule);
 * }
 * }</pre>
 */
public interface ChaosRunHandle extends ChaosRun, AutoCloseable {

    /** The backend the run uses: {@code docker} or {@code process}. */
    String backend();

    /** How long the cluster took to boot: from starting the proxy server to the last node healthy. */
    Duration bootTime();

    /**
     * Stops the detection probes, removes every node, container, network and proxy the run started,
     * and writes {@code history.edn}. Safe to call twice.
     *
     * @throws IllegalStateException naming what could not be removed
     */
    @Override
    void close();
}
