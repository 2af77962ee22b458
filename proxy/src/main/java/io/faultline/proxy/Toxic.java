package io.faultline.proxy;

import java.util.Arrays;

/**
 * One toxic as configured through the API. Immutable: an update makes a new one. Attribute values
 * are kept as given (negative ones included); stages clamp what would crash the real server.
 */
final class Toxic {
    private final String name;
    private final ToxicType type;
    private final String stream;
    private final Direction direction;
    private final float toxicity;
    private final long[] attributes;

    Toxic(String name, ToxicType type, String stream, Direction direction, float toxicity, long[] attributes) {
        if (attributes.length != type.keys().size()) {
            throw new IllegalArgumentException(type.wire() + " takes " + type.keys() + ", got " + attributes.length + " values");
        }
        this.name = name;
        this.type = type;
        this.stream = stream;
        this.direction = direction;
        this.toxicity = toxicity;
        this.attributes = attributes.clone();
    }

    String name() {
        return name;
    }

    ToxicType type() {
        return type;
    }

    /** The stream exactly as the client sent it ("UPSTREAM" stays "UPSTREAM"). */
    String stream() {
        return stream;
    }

    Direction direction() {
        return direction;
    }

    float toxicity() {
        return toxicity;
    }

    long attribute(String key) {
        int i = type.keys().indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException(type.wire() + " has no attribute " + key);
        }
        return attributes[i];
    }

    long[] attributes() {
        return attributes.clone();
    }

    Toxic withAttributes(long[] values) {
        return new Toxic(name, type, stream, direction, toxicity, values);
    }

    Toxic withToxicity(float value) {
        return new Toxic(name, type, stream, direction, value, attributes);
    }

    @Override
    public String toString() {
        return name + "(" + type.wire() + " " + stream + " " + toxicity + " " + Arrays.toString(attributes) + ")";
    }
}
