package io.faultline.checkers.detection;

/** What a fault does to reachability, which decides whether suspicions under it are right. */
public enum Effect {
    /** Its targets are down or frozen: every other node should suspect them. */
    STOP,
    /** Nodes in different components cannot reach each other. */
    PARTITION,
    /** Latency, bandwidth, dropped connections: every node stays reachable, so suspicions are mistakes. */
    DEGRADE
}
