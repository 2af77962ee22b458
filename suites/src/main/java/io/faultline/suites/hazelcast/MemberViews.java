package io.faultline.suites.hazelcast;

import io.faultline.harness.Cluster;
import io.faultline.harness.Node;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Each member's view of the cluster, as it last logged it ({@code FAULTLINE-MEMBERS} lines of
 * {@link HazelcastMember}, since the member's last start): what a split and a merge look like from
 * inside, member by member.
 */
public final class MemberViews {
    private static final Pattern LINE = Pattern.compile("FAULTLINE-MEMBERS observer=(\\S+) members=(\\S*) master=(\\S*) nanos=(\\d+)");
    private static final Pattern READY = Pattern.compile(HazelcastMember.READY + " node=(\\S+) members=(\\S*) master=(\\S*)");

    /** One member's latest view: whom it counts as members, and whom as master. */
    record View(Set<String> members, String master) {
    }

    private MemberViews() {
    }

    /** Each member's current view, by member name; a member that is down or has logged no view yet is absent. */
    public static Map<String, Set<String>> of(Cluster cluster) throws IOException {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        views(cluster).forEach((name, view) -> members.put(name, view.members()));
        return members;
    }

    /**
     * The master as a majority sees it: the running member that is master in its own latest view and
     * whose view holds a majority of the cluster (an isolated member is master of a cluster of one).
     */
    static Optional<String> master(Cluster cluster) {
        Map<String, View> views;
        try {
            views = views(cluster);
        } catch (IOException e) {
            return Optional.empty();
        }
        int majority = cluster.nodes().size() / 2 + 1;
        return views.entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().master()) && e.getValue().members().size() >= majority)
                .map(Map.Entry::getKey).findFirst();
    }

    private static Map<String, View> views(Cluster cluster) throws IOException {
        Map<String, View> views = new LinkedHashMap<>();
        for (Node node : cluster.nodes()) {
            if (node.state() != Node.State.RUNNING) {
                continue;
            }
            View view = null;
            try (Stream<String> lines = node.logSinceStart()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    Matcher m = LINE.matcher(line);
                    Matcher r = READY.matcher(line);
                    if (m.find()) {
                        view = new View(members(m.group(2)), m.group(3));
                    } else if (r.find() && view == null) {
                        view = new View(members(r.group(2)), r.group(3));
                    }
                }
            }
            if (view != null) {
                views.put(node.name(), view);
            }
        }
        return views;
    }

    /** Every member named in {@code sides} sees exactly its own side. */
    public static boolean showSides(Map<String, Set<String>> views, List<Set<String>> sides) {
        for (Set<String> side : sides) {
            for (String member : side) {
                if (!side.equals(views.get(member))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Set<String> members(String list) {
        Set<String> members = new TreeSet<>();
        for (String m : list.split(",")) {
            if (!m.isBlank()) {
                members.add(m);
            }
        }
        return members;
    }
}
