package io.faultline.checkers.detection;

/**
 * A suspicion between nodes that an injected partition kept apart, during the partition or its
 * grace period: right, not a mistake, and reported apart from the detections because both sides
 * suspect each other.
 *
 * @param fault the partition's id
 * @param suspicion the suspicion as recorded
 */
public record PartitionSuspicion(String fault, Suspicion suspicion) {
}
