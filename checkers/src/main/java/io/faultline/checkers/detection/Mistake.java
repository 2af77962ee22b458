package io.faultline.checkers.detection;

import java.time.Duration;

/**
 * A stretch of fault-free observation during which an observer suspected a peer that was up and
 * reachable from it. A suspicion that outlasts a fault's grace period becomes a mistake from the
 * grace period's end.
 *
 * @param observer the node that suspected
 * @param peer the node it wrongly suspected
 * @param start nanoseconds when the mistake began
 * @param duration how long it lasted (T_M); up to the end of the run when {@code open}
 * @param open whether the observer still suspected the peer when the run ended, so that the mistake
 *     lasted at least {@code duration}
 * @param fault the id of a fault in progress when it began that leaves nodes reachable (latency,
 *     bandwidth, ...), or null
 */
public record Mistake(String observer, String peer, long start, Duration duration, boolean open, String fault) {
}
