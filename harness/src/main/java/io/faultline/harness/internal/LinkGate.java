package io.faultline.harness.internal;

import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * While a cluster boots, each link proxy is created disabled and opens only once the node it leads
 * to listens on that port. A proxy accepts a connection before it dials the node, so a connection
 * to a port nobody listens on yet is accepted and then closed, where a direct one would be refused.
 * Targets tell the two apart: ZooKeeper retries a refused connection to its new leader 100 ms later,
 * but takes a dropped one for a failed follow and elects again, with a backoff that starts at 200 ms
 * and doubles; in Docker boots about half the ensembles elected more than once, some until the
 * leader's 2 s sync limit ran out. A disabled proxy refuses, as the node would. Once the cluster is
 * up every proxy is open, whether its node listens or not: from then on the network is the proxies'.
 */
final class LinkGate {
    private record Pending(Proxy proxy, int port) {
    }

    private final Map<RunningNode, List<Pending>> pending = new LinkedHashMap<>();

    /** {@code proxy}, disabled, leads to {@code to}'s port {@code port}. */
    void add(Proxy proxy, RunningNode to, int port) {
        pending.computeIfAbsent(to, k -> new ArrayList<>()).add(new Pending(proxy, port));
    }

    /** Opens every proxy whose node listens now, or whose node cannot be watched here. */
    void openListening() throws IOException {
        for (Iterator<Map.Entry<RunningNode, List<Pending>>> nodes = pending.entrySet().iterator(); nodes.hasNext(); ) {
            Map.Entry<RunningNode, List<Pending>> node = nodes.next();
            Optional<Set<Integer>> listening = node.getKey().listeningPorts();
            for (Iterator<Pending> links = node.getValue().iterator(); links.hasNext(); ) {
                Pending link = links.next();
                if (listening.isEmpty() || listening.get().contains(link.port())) {
                    link.proxy().enable();
                    links.remove();
                }
            }
            if (node.getValue().isEmpty()) {
                nodes.remove();
            }
        }
    }

    /** Opens the rest: the ports nobody listened on during the boot (a follower's quorum port, say). */
    void openAll() throws IOException {
        for (List<Pending> links : pending.values()) {
            for (Pending link : links) {
                link.proxy().enable();
            }
        }
        pending.clear();
    }
}
