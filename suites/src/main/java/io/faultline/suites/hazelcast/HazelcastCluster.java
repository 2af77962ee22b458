package io.faultline.suites.hazelcast;

import io.faultline.harness.ClusterSpec;
import io.faultline.harness.DetectionProbe;
import io.faultline.harness.HealthCheck;
import io.faultline.harness.LogLineProbe;
import io.faultline.harness.NetworkMode;
import io.faultline.harness.NodeSpec;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import java.util.List;

/**
 * A Hazelcast 5.4 cluster of members {@code hz1..hzN} in {@link NetworkMode#KERNEL} mode, each
 * started by {@link HazelcastMember} from a configuration rendered by {@link HazelcastConfig}, with
 * clients reaching each member through its client proxy, a detection probe reading the members'
 * membership events, and a leader probe naming the master (the oldest member, Hazelcast's coordinator
 * of membership) as a majority's views say ({@link MemberViews}).
 *
 * <pre>{@code
 * @ChaosCluster
 * static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults().withCpMembers(3));
 * }</pre>
 */
public final class HazelcastCluster {
    /** The port clients and members dial. */
    public static final String MEMBER_PORT = HazelcastConfig.MEMBER_PORT;
    static final int PORT = 5701;

    private HazelcastCluster() {
    }

    public static ClusterSpec members(int size, Settings settings) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one member, got " + size);
        }
        if (settings.cpMemberCount() > size) {
            throw new IllegalArgumentException("a cluster of " + size + " members cannot have " + settings.cpMemberCount() + " CP members");
        }
        // a member dials the address a peer advertises, past any per-link proxy: only kernel cuts partition it
        return ClusterSpec.of("hazelcast", size, i -> member(i, settings)).withDetectionProbe(HazelcastCluster::detectionProbe)
                .withLeaderProbe(MemberViews::master)
                .withNetworkMode(NetworkMode.KERNEL);
    }

    static NodeSpec member(int index, Settings settings) {
        return NodeSpec.javaMain("hz" + (index + 1), HazelcastMember.class.getName())
                .withJvmArgs("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        // what Hazelcast asks for on Java 17 (but --add-modules java.se, which the jlinked JRE image lacks)
                        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED")
                // members dial each other and clients dial members on the same port
                .withPeerPort(MEMBER_PORT, PORT)
                .withClientPort(MEMBER_PORT, PORT)
                .withFile(HazelcastConfig.FILE, ctx -> HazelcastConfig.render(ctx, settings))
                .withArgs(ctx -> List.of(ctx.file(HazelcastConfig.FILE)))
                .withHealthCheck(HealthCheck.logLine(HazelcastMember.READY));
    }

    /** Each member's view changes, as {@link HazelcastMember} logs them: a member leaving is suspected, joining trusted. */
    public static DetectionProbe detectionProbe() {
        return LogLineProbe.matching("FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+) nanos=(?<nanos>\\d+)");
    }
}
