package io.faultline.proxy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The toxics of one proxy, per direction in insertion order, and the live links they run on. Every
 * change is applied to the live links of its direction before the call returns.
 */
final class ToxicSet {
    private final List<Toxic> upstream = new ArrayList<>();
    private final List<Toxic> downstream = new ArrayList<>();
    private final Set<Link> links = new HashSet<>();

    /** Upstream toxics first, then downstream, each in insertion order, as Toxiproxy lists them. */
    synchronized List<Toxic> all() {
        List<Toxic> all = new ArrayList<>(upstream);
        all.addAll(downstream);
        return all;
    }

    synchronized Toxic get(String name) {
        for (Toxic toxic : all()) {
            if (toxic.name().equals(name)) {
                return toxic;
            }
        }
        return null;
    }

    synchronized void add(Toxic toxic) {
        chain(toxic.direction()).add(toxic);
        for (Link link : links) {
            if (link.direction() == toxic.direction()) {
                link.addToxic(toxic);
            }
        }
    }

    /** Replaces the toxic of the same name; {@code redraw} restarts it on every link with a new toxicity draw. */
    synchronized void update(Toxic toxic, boolean redraw) {
        List<Toxic> chain = chain(toxic.direction());
        chain.set(indexOf(chain, toxic.name()), toxic);
        for (Link link : links) {
            if (link.direction() == toxic.direction()) {
                link.updateToxic(toxic, redraw);
            }
        }
    }

    synchronized void remove(String name) {
        Toxic toxic = get(name);
        List<Toxic> chain = chain(toxic.direction());
        chain.remove(indexOf(chain, name));
        for (Link link : links) {
            if (link.direction() == toxic.direction()) {
                link.removeToxic(name);
            }
        }
    }

    synchronized void clear() {
        for (Toxic toxic : all()) {
            remove(toxic.name());
        }
    }

    /**
     * Builds the two links of a new connection from the toxics present right now and starts
     * applying later changes to them. As in Toxiproxy, if any reset_peer toxic exists (whatever its
     * toxicity) both sockets are set to linger 0, so every close of this connection is an RST.
     */
    synchronized Link[] attach(Connection connection) {
        boolean resetPeer = all().stream().anyMatch(t -> t.type() == ToxicType.RESET_PEER);
        Link[] pair = connection.createLinks(List.copyOf(upstream), List.copyOf(downstream), resetPeer);
        links.add(pair[0]);
        links.add(pair[1]);
        return pair;
    }

    synchronized void detach(Link link) {
        links.remove(link);
    }

    private List<Toxic> chain(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    private static int indexOf(List<Toxic> chain, String name) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no toxic " + name);
    }
}
