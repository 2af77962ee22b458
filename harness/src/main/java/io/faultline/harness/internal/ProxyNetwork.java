package io.faultline.harness.internal;

import io.faultline.harness.Network;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network as Toxiproxy proxies, one per link and port, driven through Toxiproxy's own Java
 * client — the same calls whether the server is Faultline's embedded one or a real Toxiproxy.
 *
 * <p>A proxy named {@code link.a.b.port} carries the connections node a opens to node b's port: its
 * upstream stream is what a sends to b, its downstream what b sends back. So "what a sends to b" is
 * the upstream of a's proxies to b plus the downstream of b's proxies to a. A cut stalls those
 * streams with a bandwidth-0 toxic: bytes are held, not dropped, and connections stay open, as TCP
 * behaves across a partition; healing delivers what was held, as retransmission would.
 */
final class ProxyNetwork implements Network {
    private static final String CUT = "faultline-cut";
    private static final String LATENCY = "faultline-latency";
    private static final String BANDWIDTH = "faultline-bandwidth";

    private final ToxiproxyClient client;
    private final List<String> nodes;
    private final Map<String, List<Proxy>> links = new LinkedHashMap<>();
    private final Map<String, List<Proxy>> clientLinks = new LinkedHashMap<>();
    /** How many faults hold each link {@code from>to} cut: it flows again when the count is back at zero. */
    private final Map<String, Integer> cuts = new HashMap<>();
    /** Numbers each delay or bandwidth limit, so its toxics' names are its own. */
    private final AtomicLong limitIds = new AtomicLong();

    ProxyNetwork(ToxiproxyClient client, List<String> nodes) {
        this.client = client;
        this.nodes = List.copyOf(nodes);
    }

    static String linkProxyName(String from, String to, String port) {
        return "link." + from + "." + to + "." + port;
    }

    static String clientProxyName(String node, String port) {
        return "client." + node + "." + port;
    }

    void addLink(String from, String to, Proxy proxy) {
        links.computeIfAbsent(from + ">" + to, k -> new ArrayList<>()).add(proxy);
    }

    void addClientLink(String node, Proxy proxy) {
        clientLinks.computeIfAbsent(node, k -> new ArrayList<>()).add(proxy);
    }

    int proxyCount() {
        return links.values().stream().mapToInt(List::size).sum() + clientLinks.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public synchronized void partition(Collection<? extends Collection<String>> components) {
        Map<String, Integer> component = new HashMap<>();
        int c = 0;
        for (Collection<String> part : components) {
            for (String n : part) {
                requireNode(n);
                if (component.put(n, c) != null) {
                    throw new IllegalArgumentException("node " + n + " is in two components of " + components);
                }
            }
            c++;
        }
        for (String n : nodes) {
            component.putIfAbsent(n, c);
        }
        for (String a : nodes) {
            for (String b : nodes) {
                if (!a.equals(b) && !component.get(a).equals(component.get(b))) {
                    cut(a, b);
                }
            }
        }
    }

    @Override
    public synchronized void cut(String from, String to) {
        forEachStream(from, to, (proxy, direction) -> stall(proxy, direction));
        cuts.merge(from + ">" + to, 1, Integer::sum);
    }

    @Override
    public synchronized void restore(String from, String to) {
        String link = from + ">" + to;
        int holding = cuts.getOrDefault(link, 0);
        if (holding > 1) {
            cuts.put(link, holding - 1);
            return;
        }
        cuts.remove(link);
        forEachStream(from, to, (proxy, direction) -> removeIfPresent(proxy, CUT + "-" + direction.name().toLowerCase()));
    }

    @Override
    public void isolateFromClients(String node) {
        requireNode(node);
        for (Proxy proxy : clientLinks.getOrDefault(node, List.of())) {
            io(() -> {
                stall(proxy, ToxicDirection.UPSTREAM);
                stall(proxy, ToxicDirection.DOWNSTREAM);
            });
        }
    }

    @Override
    public Limit latency(String from, String to, Duration latency, Duration jitter) {
        return addLimit(from, to, LATENCY, (proxy, name, direction) ->
                proxy.toxics().latency(name, direction, latency.toMillis()).setJitter(jitter.toMillis()));
    }

    @Override
    public Limit bandwidth(String from, String to, long bytesPerSecond) {
        // Toxiproxy's rate is in KB/s of 1000 bytes; 0 would stall, so the slowest rate is 1 KB/s.
        long rate = Math.max(1, bytesPerSecond / 1000);
        return addLimit(from, to, BANDWIDTH, (proxy, name, direction) -> proxy.toxics().bandwidth(name, direction, rate));
    }

    private interface ToxicAction {
        void add(Proxy proxy, String name, ToxicDirection direction) throws IOException;
    }

    /**
     * Adds a toxic to every stream from {@code from} to {@code to} under a name no other limit uses
     * ({@code faultline-latency-7-upstream}), so removing this limit leaves any other in place.
     */
    private Limit addLimit(String from, String to, String kind, ToxicAction action) {
        String prefix = kind + "-" + limitIds.incrementAndGet() + "-";
        forEachStream(from, to, (proxy, direction) -> action.add(proxy, prefix + direction.name().toLowerCase(), direction));
        return () -> forEachStream(from, to, (proxy, direction) -> removeIfPresent(proxy, prefix + direction.name().toLowerCase()));
    }

    @Override
    public void dropConnections(String a, String b) {
        // Disabling a proxy closes its connections; enabling it again accepts new ones at once.
        for (Proxy proxy : proxies(a, b)) {
            io(() -> {
                proxy.disable();
                proxy.enable();
            });
        }
    }

    @Override
    public synchronized void heal() {
        io(client::reset);
        cuts.clear();
    }

    private List<Proxy> proxies(String a, String b) {
        requireNode(a);
        requireNode(b);
        List<Proxy> all = new ArrayList<>(links.getOrDefault(a + ">" + b, List.of()));
        all.addAll(links.getOrDefault(b + ">" + a, List.of()));
        return all;
    }

    private interface StreamAction {
        void apply(Proxy proxy, ToxicDirection direction) throws IOException;
    }

    /** Applies to every stream that carries bytes from {@code from} to {@code to}. */
    private void forEachStream(String from, String to, StreamAction action) {
        requireNode(from);
        requireNode(to);
        if (from.equals(to)) {
            throw new IllegalArgumentException("a link joins two different nodes; got " + from + " twice");
        }
        for (Proxy proxy : links.getOrDefault(from + ">" + to, List.of())) {
            io(() -> action.apply(proxy, ToxicDirection.UPSTREAM));
        }
        for (Proxy proxy : links.getOrDefault(to + ">" + from, List.of())) {
            io(() -> action.apply(proxy, ToxicDirection.DOWNSTREAM));
        }
    }

    private static void stall(Proxy proxy, ToxicDirection direction) throws IOException {
        String name = CUT + "-" + direction.name().toLowerCase();
        if (!toxicNames(proxy).contains(name)) {
            proxy.toxics().bandwidth(name, direction, 0);
        }
    }

    private static void removeIfPresent(Proxy proxy, String name) throws IOException {
        if (toxicNames(proxy).contains(name)) {
            proxy.toxics().get(name).remove();
        }
    }

    private static Set<String> toxicNames(Proxy proxy) throws IOException {
        Set<String> names = new HashSet<>();
        proxy.toxics().getAll().forEach(t -> names.add(t.getName()));
        return names;
    }

    private void requireNode(String node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("no node " + node + "; nodes are " + nodes);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the Toxiproxy API failed: " + e.getMessage(), e);
        }
    }
}
