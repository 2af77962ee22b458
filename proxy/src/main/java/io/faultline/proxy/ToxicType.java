package io.faultline.proxy;

import java.util.List;
import java.util.function.Supplier;

/**
 * The toxic types, their attribute keys in the order Toxiproxy writes them, and the Go names that
 * appear in its decoding errors.
 */
enum ToxicType {
    LATENCY("latency", "LatencyToxic", "int64", List.of("latency", "jitter"), LatencyStage::new),
    BANDWIDTH("bandwidth", "BandwidthToxic", "int64", List.of("rate"), BandwidthStage::new),
    SLOW_CLOSE("slow_close", "SlowCloseToxic", "int64", List.of("delay"), SlowCloseStage::new),
    TIMEOUT("timeout", "TimeoutToxic", "int64", List.of("timeout"), TimeoutStage::new),
    RESET_PEER("reset_peer", "ResetToxic", "int64", List.of("timeout"), ResetPeerStage::new),
    SLICER("slicer", "SlicerToxic", "int", List.of("average_size", "size_variation", "delay"), SlicerStage::new),
    LIMIT_DATA("limit_data", "LimitDataToxic", "int64", List.of("bytes"), LimitDataStage::new),
    NOOP("noop", "NoopToxic", "int64", List.of(), PassStage::new),
    /** Faultline's extension: holds everything in one direction, a one-way partition. */
    CUT("cut", "CutToxic", "int64", List.of("timeout"), CutStage::new);

    private final String wire;
    private final String goStruct;
    private final String goAttributeType;
    private final List<String> keys;
    private final Supplier<Stage> stages;

    ToxicType(String wire, String goStruct, String goAttributeType, List<String> keys, Supplier<Stage> stages) {
        this.wire = wire;
        this.goStruct = goStruct;
        this.goAttributeType = goAttributeType;
        this.keys = keys;
        this.stages = stages;
    }

    String wire() {
        return wire;
    }

    String goStruct() {
        return goStruct;
    }

    String goAttributeType() {
        return goAttributeType;
    }

    List<String> keys() {
        return keys;
    }

    Stage newStage() {
        return stages.get();
    }

    /** Exact, case-sensitive lookup as Toxiproxy's registry does; null for an unknown type. */
    static ToxicType byWire(String type) {
        for (ToxicType t : values()) {
            if (t.wire.equals(type)) {
                return t;
            }
        }
        return null;
    }
}
