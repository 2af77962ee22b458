package io.faultline.checkers.detection;

import java.time.Duration;
import java.util.List;

/**
 * How failure detection noticed one injected fault, and how long service and membership took to
 * come back after it ended.
 *
 * @param fault the fault
 * @param detections one per (observer, target) pair that should notice: for a kill, pause or
 *     restart every node but the targets, about each target; for a partition every node the
 *     partition kept from a target, about that target; none for faults that leave nodes reachable
 * @param minDetection T_D until the first observer noticed; null when none did
 * @param maxDetection T_D until every observer noticed every target; null when one never did
 * @param firstOkAt nanoseconds when the first client operation completed ok after the fault ended;
 *     null when none did before the run ended
 * @param fullMembershipAt nanoseconds of the first moment, from the fault's end on, at which no
 *     node suspected another across the fault: no suspicion of or by a target, nor between nodes the
 *     partition separated; null when that never happened before the run ended
 */
public record FaultDetection(
        InjectedFault fault,
        List<Detection> detections,
        Duration minDetection,
        Duration maxDetection,
        Long firstOkAt,
        Long fullMembershipAt) {

    public FaultDetection {
        detections = List.copyOf(detections);
    }

    /** Pairs in which the observer never noticed the target. */
    public int undetected() {
        return (int) detections.stream().filter(d -> !d.isDetected()).count();
    }

    /** From the fault's end (restart, resume or heal issued) to the first ok operation; null when none. */
    public Duration toFirstOk() {
        return since(firstOkAt);
    }

    /** From the fault's end to full membership; null when it never came back. */
    public Duration toFullMembership() {
        return since(fullMembershipAt);
    }

    private Duration since(Long t) {
        return t == null ? null : Duration.ofNanos(t - fault.end());
    }
}
