package io.faultline.proxy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Toxiproxy's proxy byte counters, in Prometheus text format 0.0.4. As in Toxiproxy, a link's bytes
 * are only counted when the link finishes (its connection closes), not while data flows.
 */
final class ProxyMetrics {
    private static final String RECEIVED = "toxiproxy_proxy_received_bytes_total";
    private static final String SENT = "toxiproxy_proxy_sent_bytes_total";

    private final boolean enabled;
    /** Label values (direction, listener, proxy, upstream: Prometheus sorts label names) to counter. */
    private final Map<List<String>, LongAdder> received = new ConcurrentSkipListMap<>(ProxyMetrics::compare);
    private final Map<List<String>, LongAdder> sent = new ConcurrentSkipListMap<>(ProxyMetrics::compare);

    ProxyMetrics(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    void linkFinished(Direction direction, String proxy, String listener, String upstream, long receivedBytes, long sentBytes) {
        if (!enabled) {
            return;
        }
        List<String> labels = List.of(direction.wire(), listener, proxy, upstream);
        received.computeIfAbsent(labels, k -> new LongAdder()).add(receivedBytes);
        sent.computeIfAbsent(labels, k -> new LongAdder()).add(sentBytes);
    }

    String exposition() {
        StringBuilder text = new StringBuilder();
        family(text, RECEIVED, "Bytes read from the source of a proxy link.", received);
        family(text, SENT, "Bytes written to the destination of a proxy link.", sent);
        return text.toString();
    }

    private static void family(StringBuilder text, String name, String help, Map<List<String>, LongAdder> series) {
        if (series.isEmpty()) {
            return;
        }
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" counter\n");
        series.forEach((labels, value) -> text.append(name)
                .append("{direction=\"").append(escape(labels.get(0)))
                .append("\",listener=\"").append(escape(labels.get(1)))
                .append("\",proxy=\"").append(escape(labels.get(2)))
                .append("\",upstream=\"").append(escape(labels.get(3)))
                .append("\"} ").append(value.sum()).append('\n'));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
