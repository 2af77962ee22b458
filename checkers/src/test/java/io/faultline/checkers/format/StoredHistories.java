package io.faultline.checkers.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The reference histories in {@code ../shared/histories}, as listed in its {@code verdicts.tsv}. */
final class StoredHistories {
    private static final String PROPERTY = "faultline.histories";

    /**
     * {@code verdicts.tsv} split its fields on tabs to count, so it reports 0 invocations and 0
     * {@code :info} events for the three logs whose fields are separated by spaces. The README gives
     * 77–90 invocations per log; these counts are {@code grep -c ':invoke'} and {@code grep -c ':info'}.
     */
    private static final Map<String, int[]> MISCOUNTED = Map.of(
            "porcupine/test_data/jepsen/etcd_100.log", new int[] {77, 11},
            "porcupine/test_data/jepsen/etcd_101.log", new int[] {77, 10},
            "porcupine/test_data/jepsen/etcd_102.log", new int[] {73, 18});

    private StoredHistories() {
    }

    /**
     * A row of {@code verdicts.tsv}.
     *
     * @param invocations {@code :invoke} events of client processes (nemesis events excluded)
     * @param infoEvents {@code :info} events of any process, the nemesis's included
     */
    record Entry(String name, Path file, String expected, int invocations, int infoEvents) {
        boolean isHistory() {
            return !expected.startsWith("n/a");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The directory, from system property {@value #PROPERTY}; fails the test (never skips it) when absent. */
    static Path dir() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; run the tests with Maven "
                    + "(the parent POM sets it to ../shared/histories) or pass -D" + PROPERTY + "=/path/to/shared/histories");
        }
        Path dir = Path.of(value);
        if (!Files.isRegularFile(dir.resolve("verdicts.tsv"))) {
            throw new IllegalStateException(PROPERTY + "=" + value + " has no verdicts.tsv; point it at the "
                    + "shared/histories directory that sits next to the repository");
        }
        return dir;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static List<Entry> all() throws IOException {
        Path dir = dir();
        return Files.readAllLines(dir.resolve("verdicts.tsv")).stream()
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(line -> {
                    String[] f = line.split("\t");
                    int[] counts = MISCOUNTED.getOrDefault(f[0],
                            new int[] {Integer.parseInt(f[3]), Integer.parseInt(f[4])});
                    return new Entry(f[0], dir.resolve(f[0]), f[1], counts[0], counts[1]);
                })
                .toList();
    }

    static List<Entry> histories() throws IOException {
        return all().stream().filter(Entry::isHistory).toList();
    }
}
