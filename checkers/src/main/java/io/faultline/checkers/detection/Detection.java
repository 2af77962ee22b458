package io.faultline.checkers.detection;

import java.time.Duration;

/**
 * How one observer noticed one target of a fault.
 *
 * @param observer the node that should have come to suspect the target
 * @param target a node the fault stopped or cut off from the observer
 * @param suspectedAt nanoseconds when the observer first suspected the target after the injection,
 *     before the fault ended plus the grace period; the injection itself when it already suspected
 *     it then; null when it never did
 * @param trustedAt nanoseconds when the observer last stopped suspecting the target within that
 *     window (the suspicion may run past it); null when undetected or still suspected at the end of
 *     the run
 * @param detectionTime T_D: {@code suspectedAt} less the injection; null when undetected
 */
public record Detection(String observer, String target, Long suspectedAt, Long trustedAt, Duration detectionTime) {

    public boolean isDetected() {
        return suspectedAt != null;
    }
}
