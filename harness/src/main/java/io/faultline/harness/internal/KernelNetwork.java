package io.faultline.harness.internal;

import io.faultline.harness.Network;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.backend.KernelPartitions;
import io.faultline.harness.backend.KernelPartitions.Cut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of a cluster in {@link NetworkMode#KERNEL} mode: nodes dial each other directly and
 * the backend's packet filters cut what one node sends another, on every port and protocol; clients
 * still reach nodes through their client proxies, which isolate a node from its clients. A
 * partition's cuts go to the kernel together, so they appear at once.
 */
final class KernelNetwork implements Network {
    private final KernelPartitions kernel;
    private final ProxyNetwork clients;
    private final List<String> nodes;
    /** How many faults hold each cut: a link flows again when the count is back at zero. */
    private final Map<Cut, Integer> cuts = new HashMap<>();

    KernelNetwork(KernelPartitions kernel, ProxyNetwork clients, List<String> nodes) {
        this.kernel = kernel;
        this.clients = clients;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public synchronized void partition(Collection<? extends Collection<String>> components) {
        List<Cut> fresh = new ArrayList<>();
        for (Cut cut : cutsOf(nodes, components)) {
            if (cuts.merge(cut, 1, Integer::sum) == 1) {
                fresh.add(cut);
            }
        }
        kernel.cut(fresh);
    }

    @Override
    public synchronized void cut(String from, String to) {
        requireLink(from, to);
        Cut cut = new Cut(from, to);
        if (cuts.merge(cut, 1, Integer::sum) == 1) {
            kernel.cut(List.of(cut));
        }
    }

    @Override
    public synchronized void restore(String from, String to) {
        requireLink(from, to);
        Cut cut = new Cut(from, to);
        int holding = cuts.getOrDefault(cut, 0);
        if (holding > 1) {
            cuts.put(cut, holding - 1);
        } else if (holding == 1) {
            cuts.remove(cut);
            kernel.heal(List.of(cut));
        }
    }

    @Override
    public void isolateFromClients(String node) {
        clients.isolateFromClients(node);
    }

    @Override
    public Limit latency(String from, String to, Duration latency, Duration jitter) {
        throw new UnsupportedOperationException(NetworkMode.KERNEL.refusal("latency between nodes"));
    }

    @Override
    public Limit bandwidth(String from, String to, long bytesPerSecond) {
        throw new UnsupportedOperationException(NetworkMode.KERNEL.refusal("a bandwidth limit between nodes"));
    }

    @Override
    public void dropConnections(String a, String b) {
        requireLink(a, b);
        kernel.dropConnections(a, b);
    }

    @Override
    public synchronized void heal() {
        cuts.clear();
        kernel.healAll();
        clients.heal();
    }

    /**
     * Both directions between every pair of nodes in different components; nodes not named form one
     * more component.
     */
    static List<Cut> cutsOf(List<String> nodes, Collection<? extends Collection<String>> components) {
        Map<String, Integer> component = new HashMap<>();
        int c = 0;
        for (Collection<String> part : components) {
            for (String n : part) {
                if (!nodes.contains(n)) {
                    throw new IllegalArgumentException("no node " + n + "; nodes are " + nodes);
                }
                if (component.put(n, c) != null) {
                    throw new IllegalArgumentException("node " + n + " is in two components of " + components);
                }
            }
            c++;
        }
        for (String n : nodes) {
            component.putIfAbsent(n, c);
        }
        List<Cut> cuts = new ArrayList<>();
        for (String a : nodes) {
            for (String b : nodes) {
                if (!a.equals(b) && !component.get(a).equals(component.get(b))) {
                    cuts.add(new Cut(a, b));
                }
            }
        }
        return cuts;
    }

    private void requireLink(String from, String to) {
        for (String n : List.of(from, to)) {
            if (!nodes.contains(n)) {
                throw new IllegalArgumentException("no node " + n + "; nodes are " + nodes);
            }
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a link joins two different nodes; got " + from + " twice");
        }
    }
}
