package io.faultline.suites.reference;

import io.faultline.checkers.detection.Detection;
import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.detection.FaultDetection;
import io.faultline.suites.reference.ReferenceConfig.DetectorMode;
import io.faultline.suites.reference.ReferenceConfig.DetectorStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a fixed-timeout detector's configuration promises about detection time, checked against a
 * run's report: a probe that reported suspicions late, early or never fails it.
 *
 * <p>With heartbeat interval h and timeout T, an observer suspects a peer T after the last heartbeat
 * (or, in active mode, ack) it received, checked every 10 ms. A peer that stops — killed, paused, cut
 * off — sent its last one at most h before, so T_D lies between T − h and T, plus the check period
 * and the time a message takes on loopback: T + h is already generous. Hybrid mode probes for one
 * more T before it suspects, so 2T − h to 2T + h.
 *
 * @param earliest the median T_D may not be sooner: one heartbeat sent late on a loaded machine
 *     shortens that one T_D, but not most of them
 * @param latest every (fault, observer) pair that should notice does so within this
 */
record DetectionBound(Duration earliest, Duration latest) {

    /**
     * The bound of a fixed-timeout configuration: the median no sooner than T − h less {@code early},
     * every pair within T + h plus {@code late} (2T in hybrid mode).
     */
    static DetectionBound of(ReferenceConfig config, Duration early, Duration late) {
        if (config.strategy() != DetectorStrategy.FIXED) {
            throw new IllegalArgumentException("phi-accrual has no bound in the configuration alone: its threshold moves"
                    + " with the inter-arrival times it has seen, the gaps of earlier faults included; " + config.describe());
        }
        Duration t = config.mode() == DetectorMode.HYBRID ? config.detectorTimeout().multipliedBy(2) : config.detectorTimeout();
        Duration h = config.heartbeatInterval();
        return new DetectionBound(t.minus(h).minus(early), t.plus(h).plus(late));
    }

    /**
     * Every fault of {@code kinds} was noticed by every observer that should have, within
     * {@code latest}, and the median T_D is at least {@code earliest}; empty when so, else what broke it.
     */
    List<String> violations(DetectionReport report, Collection<String> kinds) {
        List<String> broken = new ArrayList<>();
        List<Duration> all = new ArrayList<>();
        for (FaultDetection f : report.faults()) {
            if (!kinds.contains(f.fault().kind())) {
                continue;
            }
            for (Detection d : f.detections()) {
                String which = "fault " + f.fault().id() + " (" + f.fault().kind() + " of " + d.target() + "): " + d.observer();
                if (!d.isDetected()) {
                    broken.add(which + " never suspected it");
                } else if (d.detectionTime().compareTo(latest) > 0) {
                    broken.add(which + " suspected it after " + ms(d.detectionTime()) + ", past " + ms(latest));
                } else {
                    all.add(d.detectionTime());
                }
            }
        }
        if (all.isEmpty() && broken.isEmpty()) {
            broken.add("no fault of kinds " + kinds + " to judge");
        }
        if (!all.isEmpty()) {
            all.sort(Duration::compareTo);
            Duration median = all.get((all.size() - 1) / 2);
            if (median.compareTo(earliest) < 0) {
                broken.add("median T_D " + ms(median) + " is below " + ms(earliest) + ", sooner than the timeout allows");
            }
        }
        return broken;
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}
