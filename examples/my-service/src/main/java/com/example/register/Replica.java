package com.example.register;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One node's copy of the register: the value with the highest stamp it has accepted. It is on disk
 * before the node acknowledges it, so a node killed and restarted still holds what it promised.
 */
final class Replica {
    /** A value and the stamp of the write that wrote it. */
    record Stamped(Stamp stamp, long value) {
        String encode() {
            return stamp.counter() + " " + stamp.writer() + " " + value;
        }

        static Stamped decode(String line) {
            String[] words = line.trim().split(" ");
            if (words.length != 3) {
                throw new IllegalArgumentException("expected 'counter writer value', got '" + line + "'");
            }
            return new Stamped(new Stamp(Long.parseLong(words[0]), words[1]), Long.parseLong(words[2]));
        }
    }

    private final Path file;
    private Stamped current;

    Replica(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        this.file = dataDir.resolve("register");
        this.current = Files.exists(file) ? Stamped.decode(Files.readString(file)) : new Stamped(Stamp.INITIAL, 0);
    }

    synchronized Stamped get() {
        return current;
    }

    /** Keeps {@code offered} if its stamp is newer than what this replica holds. */
    synchronized void offer(Stamped offered) {
        if (offered.stamp().compareTo(current.stamp()) <= 0) {
            return;
        }
        try {
            Path next = file.resolveSibling("register.next");
            Files.writeString(next, offered.encode());
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the register in " + file, e);
        }
        current = offered;
    }
}
