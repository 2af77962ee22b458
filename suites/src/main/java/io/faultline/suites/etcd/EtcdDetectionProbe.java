package io.faultline.suites.etcd;

import io.faultline.harness.Cluster;
import io.faultline.harness.DetectionProbe;
import io.faultline.harness.LogTail;
import io.faultline.harness.Node;
import io.faultline.harness.RunClock;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcd's own view of its peers, read from each member's log (etcd 3.4's zap JSON lines). Two parts of
 * etcd hold opinions:
 * <ul>
 *   <li>Raft: {@code raft.node: <me> lost leader <id> at term T} — the member's leader is gone (its
 *       election timer fired, or another member's vote request for a newer term told it so). It
 *       suspects that leader until it follows a leader again ({@code elected leader},
 *       {@code changed leader from ... to}): a follower watches its leader only.
 *   <li>Its peer transport: {@code peer became inactive} / {@code peer became active}, with the peer's
 *       id — a stream to that peer failed (a closed connection at once; a silent one after etcd's
 *       5 s read timeout) or works again.
 * </ul>
 * A member suspects a peer while either part does. Members' ids are learned from their status when
 * the probe starts. etcd's lines carry no monotonic stamp, so a suspicion's time is when the probe read
 * the line: late by up to the poll interval (5 ms).
 */
public final class EtcdDetectionProbe implements DetectionProbe {
    private static final long POLL_MILLIS = 5;
    private volatile boolean running;
    private Thread thread;

    @Override
    public void start(Cluster cluster, RunClock clock, Sink sink) {
        Map<String, String> names = new HashMap<>();
        Map<Node, LogTail> tails = new HashMap<>();
        Map<String, Opinions> opinions = new HashMap<>();
        for (Node node : cluster.nodes()) {
            tails.put(node, new LogTail(node.log()));
            opinions.put(node.name(), new Opinions(node.name(), names));
        }
        running = true;
        thread = new Thread(() -> {
            while (running) {
                if (names.size() < cluster.nodes().size()) {
                    learnIds(cluster, names);
                }
                for (Node node : cluster.nodes()) {
                    poll(node, tails.get(node), opinions.get(node.name()), clock, sink);
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "faultline-etcd-probe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private static void learnIds(Cluster cluster, Map<String, String> names) {
        for (Node node : cluster.nodes()) {
            if (!names.containsValue(node.name()) && node.state() == Node.State.RUNNING) {
                EtcdStatus.ask(node).ifPresent(s -> names.put(hexId(s.memberId()), node.name()));
            }
        }
    }

    /** The status gives a member's id in decimal; the log, in hexadecimal. */
    static String hexId(String decimal) {
        return Long.toHexString(Long.parseUnsignedLong(decimal));
    }

    private static void poll(Node node, LogTail tail, Opinions opinions, RunClock clock, Sink sink) {
        List<String> lines;
        try {
            lines = tail.newLines();
        } catch (IOException e) {
            sink.error(node.name(), e);
            return;
        }
        long readAt = clock.nanos();
        for (String line : lines) {
            opinions.read(line).forEach((peer, suspect) -> {
                if (suspect) {
                    sink.suspect(opinions.observer, peer, readAt);
                } else {
                    sink.trust(opinions.observer, peer, readAt);
                }
            });
        }
    }

    /** One member's opinions of its peers, changed by its log lines. */
    static final class Opinions {
        private static final Pattern LOST = Pattern.compile("\"msg\":\"raft\\.node: [0-9a-f]+ lost leader ([0-9a-f]+) at term");
        private static final Pattern LEADS = Pattern.compile(
                "\"msg\":\"raft\\.node: [0-9a-f]+ (?:elected leader|changed leader from [0-9a-f]+ to) ([0-9a-f]+) at term");
        private static final Pattern TRANSPORT = Pattern.compile("\"msg\":\"peer became (inactive|active)[^\"]*\",\"peer-id\":\"([0-9a-f]+)\"");

        private final String observer;
        private final Map<String, String> names;
        private final Set<String> lostLeaders = new HashSet<>();
        private final Set<String> inactive = new HashSet<>();

        Opinions(String observer, Map<String, String> names) {
            this.observer = observer;
            this.names = names;
        }

        /** What {@code line} changed: peers now suspected (true) or trusted again (false), by name. */
        Map<String, Boolean> read(String line) {
            Set<String> before = suspected();
            Matcher m;
            if ((m = LOST.matcher(line)).find()) {
                name(m.group(1)).ifPresent(lostLeaders::add);
            } else if ((m = LEADS.matcher(line)).find()) {
                lostLeaders.clear();
            } else if ((m = TRANSPORT.matcher(line)).find()) {
                boolean nowInactive = m.group(1).equals("inactive");
                name(m.group(2)).ifPresent(n -> {
                    if (nowInactive) {
                        inactive.add(n);
                    } else {
                        inactive.remove(n);
                    }
                });
            } else {
                return Map.of();
            }
            Set<String> after = suspected();
            Map<String, Boolean> changes = new LinkedHashMap<>();
            after.stream().filter(p -> !before.contains(p)).forEach(p -> changes.put(p, true));
            before.stream().filter(p -> !after.contains(p)).forEach(p -> changes.put(p, false));
            return changes;
        }

        private Set<String> suspected() {
            Set<String> all = new HashSet<>(lostLeaders);
            all.addAll(inactive);
            all.remove(observer);
            return all;
        }

        private Optional<String> name(String hexId) {
            return Optional.ofNullable(names.get(hexId));
        }
    }
}
