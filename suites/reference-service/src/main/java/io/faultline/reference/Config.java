package io.faultline.reference;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.Arrays;

/**
 * A node's settings, read from a properties file. Every key is documented in the module's README;
 * an unknown key is an error, because a misspelt switch (say {@code bug.ack-before-replicat}) that
 * silently stays off would make a comparison lie.
 */
record Config(
        String nodeId,
        InetSocketAddress peerBind,
        InetSocketAddress clientBind,
        Map<String, InetSocketAddress> peers,
        Path dataDir,
        DetectorMode detectorMode,
        DetectorStrategy detectorStrategy,
        Duration heartbeatInterval,
        Duration detectorTimeout,
        double phiThreshold,
        int phiWindow,
        boolean phiResetOnRejoin,
        int indirectK,
        Recovery recovery,
        boolean standby,
        int checkpointEvery,
        boolean bugAckBeforeReplicate,
        boolean bugStaleFollowerReads,
        boolean bugPromoteWithoutQuorum) {

    enum DetectorMode { ACTIVE, PASSIVE, HYBRID }

    enum DetectorStrategy { FIXED, PHI }

    enum Recovery { STANDBY, CATCHUP, HYBRID }

    private static final Set<String> KEYS = Set.of(
            "node.id", "peer.bind", "client.bind", "peers", "data.dir",
            "detector.mode", "detector.strategy", "heartbeat.interval.ms", "detector.timeout.ms",
            "phi.threshold", "phi.window", "phi.reset-on-rejoin", "hybrid.indirect.k",
            "recovery", "standby", "checkpoint.every",
            "bug.ack-before-replicate", "bug.stale-follower-reads", "bug.promote-without-quorum");

    Config {
        peers = Map.copyOf(peers);
        if (peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("peers lists this node itself (" + nodeId + "); list only the other nodes");
        }
        if (standby && recovery == Recovery.CATCHUP) {
            throw new IllegalArgumentException("standby=true needs recovery=standby or recovery=hybrid: "
                    + "with recovery=catchup nothing would ever promote the standby");
        }
    }

    static Config load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return parse(p);
    }

    static Config parse(Properties p) {
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; the keys are " + new TreeSet<>(KEYS));
            }
        }
        return new Config(
                required(p, "node.id"),
                address("peer.bind", required(p, "peer.bind")),
                address("client.bind", required(p, "client.bind")),
                peers(p.getProperty("peers", "")),
                Path.of(required(p, "data.dir")),
                choice(p, "detector.mode", DetectorMode.class, DetectorMode.PASSIVE),
                choice(p, "detector.strategy", DetectorStrategy.class, DetectorStrategy.FIXED),
                Duration.ofMillis(positive(p, "heartbeat.interval.ms", 100)),
                Duration.ofMillis(positive(p, "detector.timeout.ms", 1000)),
                Double.parseDouble(p.getProperty("phi.threshold", "8")),
                (int) positive(p, "phi.window", 100),
                flag(p, "phi.reset-on-rejoin"),
                (int) positive(p, "hybrid.indirect.k", 1),
                choice(p, "recovery", Recovery.class, Recovery.CATCHUP),
                flag(p, "standby"),
                (int) positive(p, "checkpoint.every", 100),
                flag(p, "bug.ack-before-replicate"),
                flag(p, "bug.stale-follower-reads"),
                flag(p, "bug.promote-without-quorum"));
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
        return v.trim();
    }

    private static long positive(Properties p, String key, long fallback) {
        String v = p.getProperty(key);
        long n = v == null ? fallback : Long.parseLong(v.trim());
        if (n <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + n);
        }
        return n;
    }

    private static boolean flag(Properties p, String key) {
        String v = p.getProperty(key, "false").trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static <E extends Enum<E>> E choice(Properties p, String key, Class<E> type, E fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", was '" + v + "'");
        }
    }

    /** {@code n2=host:port,n3=host:port}: the address through which this node reaches each peer. */
    static Map<String, InetSocketAddress> peers(String spec) {
        Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("peers entry '" + item.trim() + "' must look like n2=host:port");
            }
            String id = item.substring(0, eq).trim();
            peers.put(id, address("peers entry " + id, item.substring(eq + 1).trim()));
        }
        return peers;
    }

    /**
     * Left unresolved: a peer named by a container alias is looked up again at each connection, so a
     * lookup that failed during a partition does not stick.
     */
    static InetSocketAddress address(String what, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(what + " '" + hostPort + "' must look like host:port");
        }
        try {
            return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + hostPort + "' has no numeric port");
        }
    }
}
