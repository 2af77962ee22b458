package io.faultline.suites.reference;

import io.faultline.harness.NodeContext;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The switches of a reference-service cluster that a suite compares: failure detector, recovery
 * strategy and planted bugs. Every node gets the same settings (the service requires one detector
 * mode for all), except that the standby, if any, is the one node with {@code standby=true}.
 * Immutable; every {@code with...} returns a copy.
 *
 * <pre>{@code
 * ReferenceConfig.defaults().withMode(DetectorMode.HYBRID).withStrategy(DetectorStrategy.PHI)
 * }</pre>
 *
 * @param mode how nodes learn that a peer is alive
 * @param strategy how the silence since the last arrival is judged
 * @param heartbeatInterval h: heartbeats, pings and appends go out this often
 * @param detectorTimeout T: the fixed strategy's timeout, a hybrid probe's wait, the base of election timing
 * @param recovery who replaces a failed leader
 * @param standby the node that is the pre-provisioned standby, or null for none
 * @param bugs planted bugs switched on
 */
public record ReferenceConfig(
        DetectorMode mode,
        DetectorStrategy strategy,
        Duration heartbeatInterval,
        Duration detectorTimeout,
        Recovery recovery,
        String standby,
        Set<Bug> bugs) {

    /** {@code detector.mode}. */
    public enum DetectorMode { ACTIVE, PASSIVE, HYBRID }

    /**
     * {@code detector.strategy}: a fixed timeout, phi-accrual, or phi-accrual with
     * {@code phi.reset-on-rejoin} (the heartbeat that ends a suspicion starts phi's history afresh).
     */
    public enum DetectorStrategy {
        FIXED, PHI, PHI_RESET;

        /** The value of {@code detector.strategy}. */
        String key() {
            return this == PHI_RESET ? "phi" : name().toLowerCase(Locale.ROOT);
        }

        /** For names and tables: {@code fixed}, {@code phi}, {@code phi-reset}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** {@code recovery}. */
    public enum Recovery { STANDBY, CATCHUP, HYBRID }

    /** The service's planted bugs, each a {@code bug.*} switch; see the service's README. */
    public enum Bug {
        /** The leader acknowledges a write once its own log has it, before any follower does. */
        ACK_BEFORE_REPLICATE,
        /** A follower answers reads from its own copy, however far behind. */
        STALE_FOLLOWER_READS,
        /** A standby that suspects the leader promotes itself without asking for votes. */
        PROMOTE_WITHOUT_QUORUM;

        /** The configuration key, e.g. {@code bug.ack-before-replicate}. */
        public String key() {
            return "bug." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ReferenceConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(recovery, "recovery");
        bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
        if (heartbeatInterval.isNegative() || heartbeatInterval.toMillis() < 1
                || detectorTimeout.isNegative() || detectorTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the heartbeat interval and detector timeout must be at least 1 ms, got "
                    + heartbeatInterval + " and " + detectorTimeout);
        }
        if (standby != null && recovery == Recovery.CATCHUP) {
            throw new IllegalArgumentException("a standby (" + standby + ") needs recovery STANDBY or HYBRID: with CATCHUP"
                    + " nothing would ever promote it; call withStandby(node) after withRecovery, or withRecovery(STANDBY)");
        }
        if (bugs.contains(Bug.PROMOTE_WITHOUT_QUORUM) && standby == null) {
            throw new IllegalArgumentException(Bug.PROMOTE_WITHOUT_QUORUM.key() + " is a standby's bug; add withStandby(node)");
        }
    }

    /** Passive heartbeats every 100 ms, a fixed 600 ms timeout, catch-up recovery, no standby, no bugs. */
    public static ReferenceConfig defaults() {
        return new ReferenceConfig(DetectorMode.PASSIVE, DetectorStrategy.FIXED, Duration.ofMillis(100),
                Duration.ofMillis(600), Recovery.CATCHUP, null, Set.of());
    }

    public ReferenceConfig withMode(DetectorMode newMode) {
        return new ReferenceConfig(newMode, strategy, heartbeatInterval, detectorTimeout, recovery, standby, bugs);
    }

    public ReferenceConfig withStrategy(DetectorStrategy newStrategy) {
        return new ReferenceConfig(mode, newStrategy, heartbeatInterval, detectorTimeout, recovery, standby, bugs);
    }

    public ReferenceConfig withHeartbeatInterval(Duration interval) {
        return new ReferenceConfig(mode, strategy, interval, detectorTimeout, recovery, standby, bugs);
    }

    public ReferenceConfig withDetectorTimeout(Duration timeout) {
        return new ReferenceConfig(mode, strategy, heartbeatInterval, timeout, recovery, standby, bugs);
    }

    public ReferenceConfig withRecovery(Recovery newRecovery) {
        return new ReferenceConfig(mode, strategy, heartbeatInterval, detectorTimeout, newRecovery, standby, bugs);
    }

    /** Makes {@code node} the standby; recovery becomes STANDBY unless it already is STANDBY or HYBRID. */
    public ReferenceConfig withStandby(String node) {
        Recovery r = recovery == Recovery.CATCHUP ? Recovery.STANDBY : recovery;
        return new ReferenceConfig(mode, strategy, heartbeatInterval, detectorTimeout, r, Objects.requireNonNull(node), bugs);
    }

    public ReferenceConfig withBug(Bug bug) {
        EnumSet<Bug> all = bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs);
        all.add(bug);
        return new ReferenceConfig(mode, strategy, heartbeatInterval, detectorTimeout, recovery, standby, all);
    }

    /** Short, for names and tables: {@code passive/fixed}, {@code passive/phi-reset}, {@code hybrid/phi, standby n3, bug.stale-follower-reads}. */
    public String describe() {
        StringBuilder s = new StringBuilder(lower(mode)).append('/').append(strategy.label());
        if (recovery != Recovery.CATCHUP) {
            s.append(", recovery ").append(lower(recovery));
        }
        if (standby != null) {
            s.append(", standby ").append(standby);
        }
        bugs.stream().sorted().forEach(b -> s.append(", ").append(b.key()));
        return s.toString();
    }

    /**
     * Node {@code ctx}'s properties file: it binds its own address, reaches every other node through
     * the proxy of that link ({@code ctx.peer}), and keeps its log in the run's data directory.
     */
    String render(NodeContext ctx, String peerPort, String clientPort) {
        StringBuilder p = new StringBuilder();
        p.append("# ").append(ctx.name()).append(": ").append(describe()).append(", rendered by Faultline\n");
        p.append("node.id=").append(ctx.name()).append('\n');
        p.append("peer.bind=").append(ctx.bindHost()).append(':').append(ctx.port(peerPort)).append('\n');
        p.append("client.bind=").append(ctx.bindHost()).append(':').append(ctx.port(clientPort)).append('\n');
        p.append("peers=").append(ctx.nodes().stream().filter(n -> !n.equals(ctx.name()))
                .map(n -> n + "=" + ctx.peer(n, peerPort)).collect(Collectors.joining(","))).append('\n');
        p.append("data.dir=").append(ctx.dataDir()).append('\n');
        p.append("detector.mode=").append(lower(mode)).append('\n');
        p.append("detector.strategy=").append(strategy.key()).append('\n');
        p.append("phi.reset-on-rejoin=").append(strategy == DetectorStrategy.PHI_RESET).append('\n');
        p.append("heartbeat.interval.ms=").append(heartbeatInterval.toMillis()).append('\n');
        p.append("detector.timeout.ms=").append(detectorTimeout.toMillis()).append('\n');
        p.append("recovery=").append(lower(recovery)).append('\n');
        p.append("standby=").append(ctx.name().equals(standby)).append('\n');
        for (Bug bug : Bug.values()) {
            p.append(bug.key()).append('=').append(bugs.contains(bug)).append('\n');
        }
        return p.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
