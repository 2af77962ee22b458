package io.faultline.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The checkpoint file in {@code data.dir}: one line, {@code index=40 term=3 value=17}. It is replaced
 * atomically (write a temporary file, fsync it, rename it over the old one, fsync the directory), so a
 * crash leaves either the old checkpoint or the new one, never half of one.
 */
final class Checkpoints {
    static final String FILE = "checkpoint";

    private final Path dir;

    Checkpoints(Path dir) {
        this.dir = dir;
    }

    Optional<Checkpoint> load() throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String line = Files.readString(file, StandardCharsets.UTF_8).trim();
        long index = -1;
        long term = -1;
        Long value = null;
        for (String field : line.split(" ")) {
            String[] kv = field.split("=", 2);
            switch (kv[0]) {
                case "index" -> index = Long.parseLong(kv[1]);
                case "term" -> term = Long.parseLong(kv[1]);
                case "value" -> value = Long.parseLong(kv[1]);
                default -> throw new IOException("unexpected field '" + field + "' in " + file);
            }
        }
        if (index < 0 || term < 0 || value == null) {
            throw new IOException(file + " is not a checkpoint: '" + line + "'");
        }
        return Optional.of(new Checkpoint(index, term, value));
    }

    void save(Checkpoint c) throws IOException {
        String line = "index=" + c.index() + " term=" + c.term() + " value=" + c.value() + "\n";
        replaceAtomically(dir, FILE, line);
    }

    /** Writes {@code content} to {@code dir/name} so that a crash leaves the old file or the new one whole. */
    static void replaceAtomically(Path dir, String name, String content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Makes a rename in {@code dir} durable (Linux: fsync on the directory). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
