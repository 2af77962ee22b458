package io.faultline.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An injected fault, until the schedule ends it: what it is called, what it did — a typed
 * {@link Effect} the detection checker reads, never its name — and how to undo exactly that. Each
 * fault heals its own effect (restarts its node, restores the links it cut), so faults may overlap:
 * a kill during a partition, two partitions of different links. Its start and end are
 * {@code fault-start} / {@code fault-end} events on the run's clock.
 *
 * <p>A nemesis of your own returns one with {@link #of}:
 *
 * <pre>{@code
 * Fault.of("crash-node", Fault.stopped(node.name()), node::restart)
 * }</pre>
 */
public interface Fault {

    /** What the nemesis calls it, e.g. {@code kill}, {@code crash-node}: a label for reports. */
    String kind();

    /** What it does to the cluster. */
    Effect effect();

    /** The nodes it acts on: those stopped or paused, the cut-off side of a partition, the ends of cut or degraded links. */
    default List<String> nodes() {
        return effect().nodes();
    }

    /** Details a report shows beside the effect, e.g. the latency. */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** Undoes this fault's effect, and only it: restarts, resumes, restores its links. */
    void end() throws Exception;

    /** A fault of your own nemesis: its kind, its effect, and how it ends. */
    static Fault of(String kind, Effect effect, Ending ending) {
        return of(kind, effect, Map.of(), ending);
    }

    /** As {@link #of(String, Effect, Ending)}, with details for the report. */
    static Fault of(String kind, Effect effect, Map<String, Object> details, Ending ending) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effect, "effect: say what the fault does, e.g. Fault.stopped(node)");
        Objects.requireNonNull(ending, "ending");
        Map<String, Object> copy = new LinkedHashMap<>(details);
        return new Fault() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Effect effect() {
                return effect;
            }

            @Override
            public Map<String, Object> details() {
                return copy;
            }

            @Override
            public void end() throws Exception {
                ending.end();
            }
        };
    }

    /** How a fault ends. */
    @FunctionalInterface
    interface Ending {
        void end() throws Exception;
    }

    /** The nodes are down (killed, crashed, restarting): every other node should come to suspect them. */
    static Effect stopped(String... nodes) {
        return new Stopped(List.of(nodes));
    }

    /** The nodes are frozen (SIGSTOP, docker pause): as good as down to their peers. */
    static Effect paused(String... nodes) {
        return new Paused(List.of(nodes));
    }

    /**
     * No node of one component reaches a node of another; the first component is the side cut off,
     * which the others should come to suspect.
     */
    static Effect partitioned(List<? extends List<String>> components) {
        return new Partitioned(new ArrayList<>(components));
    }

    /** Each link carries nothing from its {@code from} to its {@code to}; two nodes are apart when either direction is cut. */
    static Effect cut(List<Link> links) {
        return new Cut(links);
    }

    /** The links are slow, narrow or reset, but carry bytes: every node stays reachable, so a suspicion is a mistake. */
    static Effect degraded(List<Link> links) {
        return new Degraded(links);
    }

    /**
     * Several faults injected at once by {@link Nemeses#concurrently}: the schedule records and ends
     * each part as a fault of its own, so it has no single effect.
     */
    record Together(List<Fault> parts) implements Fault {
        public Together {
            parts = requireSome(parts, "faults together need at least one");
        }

        public String kind() {
            return String.join("+", parts.stream().map(Fault::kind).toList());
        }

        public Effect effect() {
            throw new UnsupportedOperationException("faults injected together have one effect each; read parts()");
        }

        public List<String> nodes() {
            return parts.stream().flatMap(p -> p.nodes().stream()).distinct().toList();
        }

        public void end() throws Exception {
            Exception first = null;
            for (Fault part : parts) {
                try {
                    part.end();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** What a fault does to the cluster. */
    sealed interface Effect permits Stopped, Paused, Partitioned, Cut, Degraded {
        /** The nodes it acts on. */
        List<String> nodes();

        /** Its name in {@code events.jsonl}: {@code stopped}, {@code paused}, {@code partitioned}, {@code cut}, {@code degraded}. */
        String name();
    }

    /** What one node sends to another. */
    record Link(String from, String to) {
        public Link {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) {
                throw new IllegalArgumentException("a link joins two different nodes; got " + from + " twice");
            }
        }

        /** As {@code events.jsonl} writes it: {@code [from, to]}. */
        public List<String> asList() {
            return List.of(from, to);
        }
    }

    record Stopped(List<String> nodes) implements Effect {
        public Stopped {
            nodes = requireSome(nodes, "a stopped effect names the nodes it stopped");
        }

        public String name() {
            return "stopped";
        }
    }

    record Paused(List<String> nodes) implements Effect {
        public Paused {
            nodes = requireSome(nodes, "a paused effect names the nodes it paused");
        }

        public String name() {
            return "paused";
        }
    }

    record Partitioned(List<List<String>> components) implements Effect {
        public Partitioned {
            List<List<String>> copy = new ArrayList<>();
            components.forEach(c -> copy.add(List.copyOf(c)));
            components = requireSome(copy, "a partition names its components, e.g. List.of(List.of(\"n1\"), List.of(\"n2\", \"n3\"))");
        }

        public List<String> nodes() {
            return components.get(0);
        }

        public String name() {
            return "partitioned";
        }
    }

    record Cut(List<Link> links) implements Effect {
        public Cut {
            links = requireSome(links, "a cut names the links it cut");
        }

        /** The nodes at either end of a cut link. */
        public List<String> nodes() {
            return links.stream().flatMap(l -> Stream.of(l.from(), l.to())).distinct().toList();
        }

        public String name() {
            return "cut";
        }
    }

    record Degraded(List<Link> links) implements Effect {
        public Degraded {
            links = requireSome(links, "a degraded effect names the links it slowed");
        }

        /** The senders: whose traffic is slowed. */
        public List<String> nodes() {
            return links.stream().map(Link::from).distinct().toList();
        }

        public String name() {
            return "degraded";
        }
    }

    private static <T> List<T> requireSome(List<T> list, String what) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(what);
        }
        return List.copyOf(list);
    }
}
