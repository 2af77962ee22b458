package io.faultline.reference;

import java.io.PrintStream;

/**
 * The machine-readable lines Faultline reads from a node's stdout, one event per line, flushed at once.
 *
 * <p>Every line ends with {@code nanos=System.nanoTime()}. On Linux that is {@code CLOCK_MONOTONIC},
 * one clock shared by every process and container on the host, so the harness maps it onto its own
 * run clock with an error of about zero; a wall-clock time would drift and jump.
 */
final class EventLog {
    private final String node;
    private final PrintStream out;

    EventLog(String node, PrintStream out) {
        this.node = node;
        this.out = out;
    }

    /** {@code FAULTLINE-DETECT observer=n1 peer=n2 state=suspect|trust nanos=...}: this node changed its opinion of a peer. */
    void detect(String peer, boolean suspect) {
        line("FAULTLINE-DETECT observer=" + node + " peer=" + peer + " state=" + (suspect ? "suspect" : "trust"));
    }

    /**
     * {@code FAULTLINE-PHI observer=n1 peer=n2 phi=9.1 intervals=100 mean-ms=... nanos=...}: just before
     * a phi-accrual detector suspects a peer, the inter-arrival history it judged by.
     */
    void phi(String peer, String window) {
        line("FAULTLINE-PHI observer=" + node + " peer=" + peer + " " + window);
    }

    /**
     * {@code FAULTLINE-RECOVERY node=n1 phase=checkpoint-loaded|snapshot-installed|caught-up <details> nanos=...}:
     * how far a (re)started node has come.
     */
    void recovery(String phase, String details) {
        line("FAULTLINE-RECOVERY node=" + node + " phase=" + phase + " " + details);
    }

    /**
     * {@code FAULTLINE-ROLE node=n1 role=leader|candidate|follower|standby term=3 leader=n1|unknown nanos=...}:
     * so that leader changes can be drawn on the run's timeline.
     */
    void role(String roleTermLeader) {
        line("FAULTLINE-ROLE node=" + node + " " + roleTermLeader);
    }

    private synchronized void line(String text) {
        out.println(text + " nanos=" + System.nanoTime());
        out.flush();
    }
}
