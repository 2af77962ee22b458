package io.faultline.suites.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.faultline.checkers.history.Keyword;
import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.util.ArrayList;
import java.util.List;

/**
 * A set in an {@link IMap}, for the set workload ({@code add e}, then a final {@code read} of every
 * element), in one of two layouts:
 * <ul>
 *   <li>{@link Layout#ONE_KEY}: the whole set is the value of one key, and an add is a read-modify-write
 *       — {@code get}, then {@code replace(key, old, old + e)} (or {@code putIfAbsent} for the first) —
 *       retried while another client won the race. Both sides of a split brain write the same key, so
 *       the merge must choose one value: what Jepsen's Hazelcast 3.8.3 analysis lost writes with.
 *   <li>{@link Layout#UNIQUE_KEYS}: each element is a key of its own, the control: a merge that adds
 *       the keys one side lacks keeps everything.
 * </ul>
 * A replace that lost the race every time wrote nothing ({@code :fail}); an exception leaves the add
 * indeterminate ({@code :info}).
 */
public final class HazelcastSetClient implements Client {
    static final String MAP = "faultline-set";
    static final String KEY = "set";
    /** A contended add gives up after this many lost races (it then certainly did not happen). */
    static final int ATTEMPTS = 20;

    public enum Layout { ONE_KEY, UNIQUE_KEYS }

    private final HazelcastInstance client;
    private final IMap<String, String> map;
    private final Layout layout;

    private HazelcastSetClient(HazelcastInstance client, Layout layout) {
        this.client = client;
        this.map = client.getMap(MAP);
        this.layout = layout;
    }

    public static Client.Factory factory(Layout layout) {
        return (cluster, process) -> new HazelcastSetClient(HazelcastClients.open(cluster, process), layout);
    }

    @Override
    public Completion invoke(Invocation invocation) {
        return switch (invocation.f()) {
            case "add" -> add(((Number) invocation.value()).longValue());
            case "read" -> Completion.ok(read());
            default -> throw new IllegalArgumentException("a set knows add and read, not " + invocation.f());
        };
    }

    private Completion add(long element) {
        if (layout == Layout.UNIQUE_KEYS) {
            map.set(String.valueOf(element), String.valueOf(element));
            return Completion.ok(element);
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            String old = map.get(KEY);
            boolean written = old == null
                    ? map.putIfAbsent(KEY, String.valueOf(element)) == null
                    : map.replace(KEY, old, old + "," + element);
            if (written) {
                return Completion.ok(element);
            }
        }
        return Completion.fail(Keyword.of("contended"));
    }

    private List<Long> read() {
        List<Long> elements = new ArrayList<>();
        if (layout == Layout.UNIQUE_KEYS) {
            map.values().forEach(v -> elements.add(Long.parseLong(v)));
        } else {
            elements.addAll(parse(map.get(KEY)));
        }
        return elements;
    }

    static List<Long> parse(String value) {
        List<Long> elements = new ArrayList<>();
        if (value != null && !value.isEmpty()) {
            for (String e : value.split(",")) {
                elements.add(Long.parseLong(e));
            }
        }
        return elements;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
