package io.faultline.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a run left in its directory, read from the files alone: the history, the events, the
 * checkers' verdicts, the cluster, the seed, the rerun command and the node logs. A file a run did
 * not write (no detection probe, a boot that failed) is simply absent here; a file that is there but
 * unreadable is an error naming it.
 */
public final class RunDirectory {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final JsonNode result;
    private final JsonNode cluster;
    private final JsonNode detection;
    private final JsonNode linearizability;
    private final JsonNode checks;
    private final String durability;
    private final String seed;
    private final String rerun;
    private final List<HistoryLines.Event> ops;
    private final List<JsonNode> events;
    private final Map<String, Path> logs;

    private RunDirectory(Path directory) throws IOException {
        this.path = directory;
        this.result = json("result.json");
        this.cluster = json("cluster.json");
        this.detection = json("detection.json");
        this.linearizability = json("linearizability.json");
        this.checks = json("checks.json");
        this.durability = text("durability.json");
        this.seed = text("seed");
        this.rerun = text("rerun.txt");
        this.ops = HistoryLines.read(directory);
        this.events = readEvents();
        this.logs = findLogs();
    }

    /**
     * Reads a run directory.
     *
     * @throws IOException when it is not a run directory (no {@code events.jsonl}), or a file in it
     *     is unreadable; the message names the file
     */
    public static RunDirectory read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory; give the run directory a chaos test printed"
                    + " (target/faultline/<TestClass>/<method>/<timestamp>)");
        }
        if (!Files.isRegularFile(directory.resolve("events.jsonl"))) {
            throw new IOException(directory + " has no events.jsonl, so it is not a run directory; give the directory"
                    + " a chaos test printed (target/faultline/<TestClass>/<method>/<timestamp>)");
        }
        return new RunDirectory(directory);
    }

    public Path path() {
        return path;
    }

    /** {@code result.json}, written when the test ended; missing for runs outside JUnit. */
    JsonNode result() {
        return result;
    }

    JsonNode cluster() {
        return cluster;
    }

    /** {@code detection.json}, or a missing node when the run measured no detection. */
    JsonNode detection() {
        return detection;
    }

    /** {@code linearizability.json}, or a missing node when the history was not checked. */
    JsonNode linearizability() {
        return linearizability;
    }

    /** {@code checks.json}: what the run itself checked (name, valid, summary, parts), or a missing node. */
    JsonNode checks() {
        return checks;
    }

    /** The durability checker's one-line summary, or null. */
    String durability() {
        return durability;
    }

    Optional<String> seed() {
        return Optional.ofNullable(seed).or(() -> Optional.ofNullable(textOf(result, "seed")));
    }

    Optional<String> rerun() {
        return Optional.ofNullable(rerun).or(() -> Optional.ofNullable(textOf(result, "rerun")));
    }

    /** The test as {@code Class#method}, else the directory's name. */
    String test() {
        String test = textOf(result, "test");
        if (test != null) {
            return test;
        }
        String name = textOf(cluster, "name");
        return name != null ? name + " (" + path.getFileName() + ")" : path.getFileName().toString();
    }

    /** The test's class and method without the package, as the index lists it. */
    String shortTest() {
        String test = test();
        int hash = test.indexOf('#');
        int dot = test.lastIndexOf('.', hash < 0 ? test.length() : hash);
        return dot < 0 ? test : test.substring(dot + 1);
    }

    String target() {
        String name = textOf(cluster, "name");
        return name == null ? "?" : name;
    }

    String backend() {
        String backend = textOf(result, "backend");
        if (backend != null) {
            return backend;
        }
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("phase") && e.has("backend")) {
                return e.get("backend").asText();
            }
        }
        return "?";
    }

    /** passed / failed from {@code result.json}, or "unknown" outside JUnit. */
    String status() {
        String status = textOf(result, "status");
        return status == null ? "unknown" : status;
    }

    List<HistoryLines.Event> ops() {
        return ops;
    }

    List<JsonNode> events() {
        return events;
    }

    /** Node name to its log file, in name order. */
    Map<String, Path> logs() {
        return logs;
    }

    private JsonNode json(String name) throws IOException {
        Path file = path.resolve(name);
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private String text(String name) throws IOException {
        Path file = path.resolve(name);
        return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
    }

    private List<JsonNode> readEvents() throws IOException {
        Path file = path.resolve("events.jsonl");
        List<JsonNode> list = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    list.add(JSON.readTree(line));
                } catch (IOException e) {
                    // A run killed mid-write leaves a torn last line; everything before it still counts.
                    if (in.readLine() == null) {
                        break;
                    }
                    throw new IOException(file + ":" + number + ": not a JSON object: " + e.getMessage().lines().findFirst().orElse(""), e);
                }
            }
        }
        return List.copyOf(list);
    }

    private Map<String, Path> findLogs() throws IOException {
        Map<String, Path> found = new TreeMap<>();
        Path dir = path.resolve("logs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".log"))
                        .forEach(f -> found.put(f.getFileName().toString().replaceFirst("\\.log$", ""), f));
            }
        }
        return found;
    }

    static String textOf(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
