package io.faultline.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node-log lines placed on the run's clock, and excerpts of them around chosen instants within a size
 * budget. A line is placed by a {@code nanos=N} field (the node's {@code System.nanoTime()}, which
 * shares the run's monotonic clock) when the run recorded its clock's origin, else by a leading
 * {@code HH:mm:ss.SSS} time read against the run's wall clock; a line with neither inherits the time
 * of the line before it.
 */
final class LogExcerpts {
    private static final Pattern NANOS = Pattern.compile("\\bnanos=(\\d+)");
    private static final Pattern CLOCK = Pattern.compile("^\\s*(?:\\d{4}-\\d\\d-\\d\\d[ T])?(\\d\\d:\\d\\d:\\d\\d)[.,](\\d{3})");
    /** A line longer than this is cut: one stack-trace line must not eat the budget. */
    private static final int MAX_LINE = 300;

    record Line(long time, int number, String text) {
    }

    record Excerpt(String node, Path file, long from, long to, List<Line> lines, boolean cut) {
    }

    private final Map<String, List<Line>> lines = new LinkedHashMap<>();
    private final Map<String, Path> files;
    private int budget;
    private boolean truncated;
    private final boolean estimated;

    /**
     * @param budget characters of log text all excerpts together may hold
     */
    LogExcerpts(RunDirectory run, int budget) {
        this.files = run.logs();
        this.budget = budget;
        Long recorded = originNanoTime(run.events());
        Long origin = recorded != null ? recorded : estimateOrigin(run.events());
        this.estimated = recorded == null && origin != null;
        Instant wallZero = wallZero(run.events());
        files.forEach((node, file) -> lines.put(node, read(file, origin, wallZero)));
    }

    /** Whether {@code nanos=} lines were placed by an estimate of the run's origin (see {@link #estimateOrigin}). */
    boolean estimated() {
        return estimated;
    }

    /** Lines of every node within [from, to], at most {@code perNode} each, while the budget lasts. */
    List<Excerpt> around(long from, long to, int perNode) {
        List<Excerpt> excerpts = new ArrayList<>();
        for (Map.Entry<String, List<Line>> entry : lines.entrySet()) {
            List<Line> picked = new ArrayList<>();
            boolean cut = false;
            for (Line line : entry.getValue()) {
                if (line.time() < from || line.time() > to) {
                    continue;
                }
                if (picked.size() >= perNode || budget < line.text().length()) {
                    cut = true;
                    break;
                }
                budget -= line.text().length();
                picked.add(line);
            }
            if (cut) {
                truncated = true;
            }
            if (!picked.isEmpty()) {
                excerpts.add(new Excerpt(entry.getKey(), files.get(entry.getKey()), from, to, picked, cut));
            }
        }
        return excerpts;
    }

    /** Whether some excerpt was cut to stay within its line count or the budget. */
    boolean truncated() {
        return truncated;
    }

    private static List<Line> read(Path file, Long origin, Instant wallZero) {
        List<Line> result = new ArrayList<>();
        // Logs are whatever a node printed: bytes that are not UTF-8 are replaced, not fatal.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            long last = Long.MIN_VALUE;
            int number = 0;
            for (String text; (text = in.readLine()) != null; ) {
                number++;
                long time = timeOf(text, origin, wallZero);
                if (time == Long.MIN_VALUE) {
                    time = last;
                } else {
                    last = time;
                }
                if (time != Long.MIN_VALUE) {
                    result.add(new Line(time, number, text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + " …" : text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read node log " + file + ": " + e.getMessage(), e);
        }
        return result;
    }

    private static long timeOf(String text, Long origin, Instant wallZero) {
        if (origin != null) {
            Matcher nanos = NANOS.matcher(text);
            if (nanos.find()) {
                return Long.parseLong(nanos.group(1)) - origin;
            }
        }
        if (wallZero != null) {
            Matcher clock = CLOCK.matcher(text);
            if (clock.find()) {
                String hms = clock.group(1);
                LocalTime local = LocalTime.of(Integer.parseInt(hms.substring(0, 2)), Integer.parseInt(hms.substring(3, 5)),
                        Integer.parseInt(hms.substring(6, 8)), Integer.parseInt(clock.group(2)) * 1_000_000);
                // Node loggers print local time of this host without a date: take the run's day, and
                // the day after when the run crossed midnight.
                ZonedDateTime zero = wallZero.atZone(ZoneId.systemDefault());
                ZonedDateTime at = zero.with(local);
                if (at.isBefore(zero.minusHours(12))) {
                    at = at.plusDays(1);
                }
                return java.time.Duration.between(wallZero, at.toInstant()).toNanos();
            }
        }
        return Long.MIN_VALUE;
    }

    /** The run's zero as {@code System.nanoTime()}, when the harness recorded it in the boot phase. */
    private static Long originNanoTime(List<JsonNode> events) {
        for (JsonNode e : events) {
            if (e.has("origin-nanotime")) {
                return e.get("origin-nanotime").asLong();
            }
        }
        return null;
    }

    /**
     * Without a recorded origin, the earliest a node's first {@code nanos=} line after its start
     * marker could have been written is the node's {@code node-start} event: the smallest
     * {@code nanos - start} over all nodes bounds the origin from above, late by at most the time a
     * node takes to print its first line (a JVM start, ~0.1–0.3 s), so placed lines seem early by that.
     */
    private Long estimateOrigin(List<JsonNode> events) {
        Map<String, List<Long>> starts = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("node-start")) {
                starts.computeIfAbsent(e.path("node").asText(), n -> new ArrayList<>()).add(e.path("time").asLong());
            }
        }
        Long best = null;
        for (Map.Entry<String, Path> log : files.entrySet()) {
            List<Long> nodeStarts = starts.getOrDefault(log.getKey(), List.of());
            if (nodeStarts.isEmpty()) {
                continue;
            }
            try (BufferedReader in = java.nio.file.Files.newBufferedReader(log.getValue(), StandardCharsets.ISO_8859_1)) {
                int start = -1;
                boolean looking = false;
                for (String text; (text = in.readLine()) != null; ) {
                    if (text.startsWith("---- faultline: ")) {
                        start++;
                        looking = start < nodeStarts.size();
                        continue;
                    }
                    Matcher nanos = NANOS.matcher(text);
                    if (looking && nanos.find()) {
                        long candidate = Long.parseLong(nanos.group(1)) - nodeStarts.get(start);
                        best = best == null ? candidate : Math.min(best, candidate);
                        looking = false;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read node log " + log.getValue() + ": " + e.getMessage(), e);
            }
        }
        return best;
    }

    /** The wall time of the run's zero, from the first event's wall and run times. */
    private static Instant wallZero(List<JsonNode> events) {
        for (JsonNode e : events) {
            if (e.hasNonNull("wall")) {
                try {
                    return Instant.parse(e.get("wall").asText()).minusNanos(e.path("time").asLong());
                } catch (java.time.format.DateTimeParseException ignored) {
                    return null;
                }
            }
        }
        return null;
    }
}
