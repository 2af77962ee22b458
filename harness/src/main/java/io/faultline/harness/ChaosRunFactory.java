package io.faultline.harness;

/**
 * What {@link ChaosRun#start} asks to boot a run. The harness's runtime provides it through
 * {@link java.util.ServiceLoader}, so that this package, the public API, imports nothing of the
 * runtime ({@code io.faultline.harness.internal}); a test author never implements or calls it.
 */
public interface ChaosRunFactory {

    ChaosRun start(ClusterSpec spec, RunOptions options) throws Exception;
}
