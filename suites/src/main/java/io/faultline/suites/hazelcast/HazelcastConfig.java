package io.faultline.suites.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import io.faultline.harness.NodeContext;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A member's configuration, rendered from its node context into {@value #FILE} and turned into a
 * Hazelcast {@link Config} by {@link HazelcastMember}: TCP-IP join with every peer's address,
 * multicast off, heartbeats every second and split-brain merges tried every few seconds so that a
 * run takes under a minute, and the failure detector and CP member count chosen by the suite.
 *
 * <p>A member advertises {@link NodeContext#self} and dials its peers at {@link NodeContext#peer}.
 * Hazelcast learns a member's address from the member itself, so peers dial the advertised address
 * whatever the join list said: only kernel cuts partition it (see README, "Network modes").
 */
public final class HazelcastConfig {
    /** The file a member reads. */
    public static final String FILE = "hazelcast.properties";
    /** The member port: members dial each other and clients dial members on it. */
    public static final String MEMBER_PORT = "member";
    /** Set on every member, so that membership events name nodes rather than addresses. */
    public static final String NODE_ATTRIBUTE = "faultline.node";
    static final String CLUSTER_NAME = "faultline";
    /** The address a member binds to and dials from, when it is not every address. */
    static final String LOCAL_ADDRESS = "hazelcast.local.localAddress";

    /** Hazelcast's two heartbeat failure detectors ({@code hazelcast.heartbeat.failuredetector.type}). */
    public enum Detector {
        /** Suspect a member once no heartbeat came for {@code max.no.heartbeat.seconds}. */
        DEADLINE("deadline"),
        /** Suspect a member once phi, from the heartbeats' inter-arrival history, passes a threshold. */
        PHI_ACCRUAL("phi-accrual");

        final String property;

        Detector(String property) {
            this.property = property;
        }
    }

    /**
     * The settings a suite chooses.
     *
     * @param detector which heartbeat failure detector members run
     * @param maxNoHeartbeatSeconds the deadline detector's timeout; phi-accrual's acceptable pause
     * @param cpMemberCount 0 for the CP Subsystem's unsafe mode (no Raft), else how many members run Raft
     */
    public record Settings(Detector detector, int maxNoHeartbeatSeconds, int cpMemberCount) {
        public Settings {
            if (cpMemberCount != 0 && cpMemberCount < 3) {
                throw new IllegalArgumentException("the CP Subsystem needs 0 (unsafe mode) or at least 3 CP members, got " + cpMemberCount);
            }
            if (maxNoHeartbeatSeconds < 2) {
                throw new IllegalArgumentException("heartbeats go every second, so the timeout must be at least 2 s, got " + maxNoHeartbeatSeconds);
            }
        }

        /** Deadline detector, 4 s, unsafe mode. */
        public static Settings defaults() {
            return new Settings(Detector.DEADLINE, 4, 0);
        }

        public Settings withDetector(Detector d) {
            return new Settings(d, maxNoHeartbeatSeconds, cpMemberCount);
        }

        public Settings withCpMembers(int count) {
            return new Settings(detector, maxNoHeartbeatSeconds, count);
        }
    }

    private HazelcastConfig() {
    }

    /** The member's {@value #FILE}. */
    public static String render(NodeContext ctx, Settings settings) {
        List<String> members = new ArrayList<>();
        for (String node : ctx.nodes()) {
            if (!node.equals(ctx.name())) {
                members.add(ctx.peer(node, MEMBER_PORT));
            }
        }
        String self = ctx.self(MEMBER_PORT);
        StringBuilder s = new StringBuilder();
        s.append("# rendered by Faultline for ").append(ctx.name()).append('\n');
        s.append("node=").append(ctx.name()).append('\n');
        s.append("bind=").append(ctx.bindHost()).append('\n');
        s.append("public=").append(self).append('\n');
        s.append("port=").append(ctx.port(MEMBER_PORT)).append('\n');
        s.append("members=").append(String.join(",", members)).append('\n');
        s.append("detector=").append(settings.detector().property).append('\n');
        s.append("maxNoHeartbeatSeconds=").append(settings.maxNoHeartbeatSeconds()).append('\n');
        s.append("cpMemberCount=").append(settings.cpMemberCount()).append('\n');
        return s.toString();
    }

    /** The Hazelcast configuration {@code properties} (a rendered {@value #FILE}) describe. */
    public static Config toConfig(String properties) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(properties));
        String node = required(p, "node");
        String bind = required(p, "bind");
        String publicAddress = required(p, "public");
        int port = Integer.parseInt(required(p, "port"));

        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setInstanceName(node);
        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, node);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false).setPublicAddress(publicAddress);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
        for (String member : required(p, "members").split(",")) {
            if (!member.isBlank()) {
                join.getTcpIpConfig().addMember(member.trim());
            }
        }
        if (!bind.equals("0.0.0.0")) {
            // Bind the member's server socket and the sockets it dials from to its own address, so
            // that every packet it sends carries it: kernel cuts between loopback addresses match on it.
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
            config.setProperty(ClusterProperty.SOCKET_CLIENT_BIND_ANY.getName(), "false");
            // interface matching knows only the addresses an interface lists (127.0.0.1 for lo), not all of 127/8
            config.setProperty(LOCAL_ADDRESS, bind);
        }

        config.setProperty(ClusterProperty.HEARTBEAT_FAILURE_DETECTOR_TYPE.getName(), required(p, "detector"));
        config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
        config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), required(p, "maxNoHeartbeatSeconds"));
        config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "5");
        config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "3");
        config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
        config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "3");
        config.setProperty(ClusterProperty.MEMBER_LIST_PUBLISH_INTERVAL_SECONDS.getName(), "5");
        // operations wait this long for an answer before they fail: a client's timeout is shorter anyway
        config.setProperty(ClusterProperty.OPERATION_CALL_TIMEOUT_MILLIS.getName(), "5000");
        // no network but loopback and our own: Hazelcast must not try to call home
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty("hazelcast.logging.type", "jdk");

        int cpMembers = Integer.parseInt(required(p, "cpMemberCount"));
        config.getCPSubsystemConfig().setCPMemberCount(cpMembers);
        if (cpMembers > 0) {
            config.getCPSubsystemConfig().setGroupSize(cpMembers)
                    .setSessionHeartbeatIntervalSeconds(1)
                    .setSessionTimeToLiveSeconds(10);
            config.getCPSubsystemConfig().getRaftAlgorithmConfig()
                    .setLeaderHeartbeatPeriodInMillis(500)
                    .setLeaderElectionTimeoutInMillis(2000);
        }
        return config;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(FILE + " has no '" + key + "'; render it with HazelcastConfig.render");
        }
        return value.trim();
    }
}
