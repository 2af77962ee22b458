package io.faultline.proxy;

import java.util.random.RandomGenerator;

/**
 * What every proxy of one server shares: the random source (seedable, for toxicity draws, jitter
 * and slice sizes), the byte counters behind /metrics, and the thread registry.
 */
record ProxyServices(RandomGenerator random, ProxyMetrics metrics, Workers workers) {
}
