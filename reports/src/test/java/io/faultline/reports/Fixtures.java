package io.faultline.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real run directories kept as test data (src/test/resources/runs): a ZooKeeper CAS-register run
 * through partitions, kills and a pause; a reference-service detection run (passive, fixed timeout)
 * with kills, pauses, isolations and jitter; and a planted-bug run (ack before replicate) whose history
 * is not linearizable. Each was left by a chaos test of suites, trimmed of node data directories.
 */
final class Fixtures {
    static final String ZOOKEEPER = "zookeeper-cas";
    static final String DETECTION = "reference-detection";
    static final String PLANTED_BUG = "planted-bug";
    static final List<String> ALL = List.of(ZOOKEEPER, DETECTION, PLANTED_BUG);

    private Fixtures() {
    }

    /** A copy of a stored run directory under {@code into}, so that rendering never writes into the sources. */
    static Path copy(String name, Path into) {
        try {
            Path source = Path.of(Fixtures.class.getResource("/runs/" + name).toURI());
            Path target = into.resolve(name);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path to = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource runs/" + name + " is missing", e);
        }
    }

    /** Injected faults: the fault-start events in the run's events.jsonl. */
    static long faultStarts(Path run) throws IOException {
        try (Stream<String> lines = Files.lines(run.resolve("events.jsonl"))) {
            return lines.filter(l -> l.contains("\"type\":\"fault-start\"")).count();
        }
    }
}
