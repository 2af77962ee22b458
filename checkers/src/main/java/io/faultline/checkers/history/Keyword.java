package io.faultline.checkers.history;

import java.util.Objects;

/**
 * An EDN keyword such as {@code :read}, kept distinct from strings so that a history read from EDN
 * is written back as the same EDN and Knossos or Elle read it unchanged.
 */
public record Keyword(String name) implements Comparable<Keyword> {
    public Keyword {
        Objects.requireNonNull(name, "name");
        if (name.startsWith(":")) {
            name = name.substring(1);
        }
    }

    public static Keyword of(String name) {
        return new Keyword(name);
    }

    @Override
    public int compareTo(Keyword o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
