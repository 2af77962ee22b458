package io.faultline.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detection probe for any target that logs its opinions: tails every node's log and matches each
 * new line against a regular expression with named groups. A log it cannot read, or a matching line
 * it cannot make sense of (a {@code nanos} group that is no number), goes to the sink's
 * {@linkplain DetectionProbe.Sink#error errors}.
 *
 * <ul>
 *   <li>{@code peer} (required): whom the line is about;
 *   <li>{@code state} (required): the opinion, compared with the suspect and trust words;
 *   <li>{@code observer} (optional): who holds it — by default the node whose log it is;
 *   <li>{@code nanos} (optional): the node's {@code System.nanoTime()} when it changed its mind.
 *       Every process and container on a host reads the same CLOCK_MONOTONIC, so such a stamp maps
 *       onto the run's clock exactly, and the probe's error is nil. Without it, the time is when the
 *       probe read the line: late by up to the poll interval plus however long the node buffered it.
 * </ul>
 *
 * <pre>{@code
 * LogLineProbe.matching("FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+) nanos=(?<nanos>\\d+)")
 * }</pre>
 */
public final class LogLineProbe implements DetectionProbe {
    private final Pattern pattern;
    private final String suspectWord;
    private final String trustWord;
    private final Duration pollInterval;
    private volatile boolean running;
    private Thread thread;

    private LogLineProbe(Pattern pattern, String suspectWord, String trustWord, Duration pollInterval) {
        this.pattern = pattern;
        this.suspectWord = suspectWord;
        this.trustWord = trustWord;
        this.pollInterval = pollInterval;
        for (String group : List.of("peer", "state")) {
            if (!pattern.pattern().contains("(?<" + group + ">")) {
                throw new IllegalArgumentException("the probe's pattern needs a named group (?<" + group + ">...): " + pattern);
            }
        }
    }

    /** Lines matching {@code regex}, whose {@code state} group is {@code suspect} or {@code trust}, polled every 2 ms. */
    public static LogLineProbe matching(String regex) {
        return new LogLineProbe(Pattern.compile(regex), "suspect", "trust", Duration.ofMillis(2));
    }

    /** The words of the {@code state} group that mean suspect and trust. */
    public LogLineProbe withStates(String suspect, String trust) {
        return new LogLineProbe(pattern, suspect, trust, pollInterval);
    }

    public LogLineProbe withPollInterval(Duration interval) {
        return new LogLineProbe(pattern, suspectWord, trustWord, interval);
    }

    @Override
    public void start(Cluster cluster, RunClock clock, Sink sink) {
        Map<Node, LogTail> tails = new HashMap<>();
        for (Node node : cluster.nodes()) {
            tails.put(node, new LogTail(node.log()));
        }
        running = true;
        thread = new Thread(() -> {
            while (running) {
                for (Node node : cluster.nodes()) {
                    poll(node, tails.get(node), clock, sink);
                }
                try {
                    Thread.sleep(pollInterval.toMillis(), (int) (pollInterval.toNanosPart() % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "faultline-log-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads what the node logged since the last poll. */
    private void poll(Node node, LogTail tail, RunClock clock, Sink sink) {
        List<String> lines;
        try {
            lines = tail.newLines();
        } catch (IOException e) {
            sink.error(node.name(), e);
            return;
        }
        long readAt = clock.nanos();
        for (String text : lines) {
            try {
                line(node.name(), text, readAt, clock, sink);
            } catch (RuntimeException e) {
                sink.error(node.name(), new IllegalArgumentException("cannot read the log line '" + text + "' with "
                        + pattern + ": " + e.getMessage(), e));
            }
        }
    }

    private void line(String node, String line, long readAt, RunClock clock, Sink sink) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            return;
        }
        String observer = group(m, "observer");
        long time = readAt;
        String nanos = group(m, "nanos");
        if (nanos != null) {
            time = Long.parseLong(nanos) - clock.originNanoTime();
        }
        String who = observer == null ? node : observer;
        String state = m.group("state");
        if (state.equals(suspectWord)) {
            sink.suspect(who, m.group("peer"), time);
        } else if (state.equals(trustWord)) {
            sink.trust(who, m.group("peer"), time);
        }
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
