package com.example.register;

/**
 * Orders the writes of a register: a counter, and the unique id of the write that chose it, to break
 * ties between writes that chose the same counter at the same time.
 */
record Stamp(long counter, String writer) implements Comparable<Stamp> {
    static final Stamp INITIAL = new Stamp(0, "initial");

    @Override
    public int compareTo(Stamp other) {
        int byCounter = Long.compare(counter, other.counter);
        return byCounter != 0 ? byCounter : writer.compareTo(other.writer);
    }
}
