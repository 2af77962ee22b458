package io.faultline.suites.ratis;

import io.faultline.harness.NodeContext;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Renders a server's {@code ratis.properties} for {@link RatisNode}. Every server names peer
 * {@code nK} by the same logical address, {@code nK:<raft port>}, because Ratis replicates its
 * configuration; what differs per server is {@code link.nK}, the proxy of its own link to that peer,
 * which {@link PeerLinks} resolves the logical name to.
 *
 * @param readOption {@code DEFAULT} (the leader answers from its state machine without confirming it
 *     still leads) or {@code LINEARIZABLE} (ReadIndex: a round of heartbeats to a majority first)
 * @param timeoutMinMillis the election timeout's lower bound: a follower waits a random time between
 *     the bounds without hearing its leader before it stands for election
 * @param timeoutMaxMillis its upper bound, which is also how long a leader goes on leading without
 *     answers from a majority
 */
public record RatisConfig(String readOption, long timeoutMinMillis, long timeoutMaxMillis) {
    static final String RAFT = "raft";
    static final String STATUS = "status";
    static final RaftGroupId GROUP = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("faultline-register".getBytes(StandardCharsets.UTF_8)));

    static final String ID = "id";
    static final String PEERS = "peers";
    static final String ADDRESS = "address.";
    static final String LINK = "link.";
    static final String BIND_HOST = "bind-host";
    static final String PORT = "port";
    static final String DATA_DIR = "data-dir";
    static final String READ = "read-option";
    static final String TIMEOUT_MIN_MS = "rpc-timeout-min-ms";
    static final String TIMEOUT_MAX_MS = "rpc-timeout-max-ms";

    public RatisConfig {
        if (!readOption.equals("DEFAULT") && !readOption.equals("LINEARIZABLE")) {
            throw new IllegalArgumentException("Ratis's read option is DEFAULT or LINEARIZABLE, not " + readOption);
        }
        if (timeoutMinMillis <= 0 || timeoutMaxMillis < timeoutMinMillis) {
            throw new IllegalArgumentException("election timeouts need 0 < min <= max, got " + timeoutMinMillis + " and " + timeoutMaxMillis);
        }
    }

    /**
     * Linearizable reads (ReadIndex), election timeout 300–2,000 ms: a wide range, in which followers
     * often elect a new leader well before a cut-off one gives up leading.
     */
    public static RatisConfig linearizable() {
        return new RatisConfig("LINEARIZABLE", 300, 2000);
    }

    /** Reads answered by whoever believes it leads (Ratis's default option), election timeout 300–2,000 ms. */
    public static RatisConfig defaultReads() {
        return new RatisConfig("DEFAULT", 300, 2000);
    }

    String render(NodeContext ctx) {
        StringBuilder p = new StringBuilder("# ").append(ctx.name()).append(", rendered by Faultline\n");
        p.append(ID).append('=').append(ctx.name()).append('\n');
        p.append(PEERS).append('=').append(String.join(",", ctx.nodes())).append('\n');
        for (String node : ctx.nodes()) {
            p.append(ADDRESS).append(node).append('=').append(node).append(':').append(ctx.port(RAFT)).append('\n');
            if (!node.equals(ctx.name())) {
                p.append(LINK).append(node).append('=').append(ctx.peer(node, RAFT)).append('\n');
            }
        }
        p.append(BIND_HOST).append('=').append(ctx.bindHost()).append('\n');
        p.append(PORT).append('=').append(ctx.port(RAFT)).append('\n');
        p.append(STATUS).append('=').append(ctx.bindHost()).append(':').append(ctx.port(STATUS)).append('\n');
        p.append(DATA_DIR).append('=').append(ctx.dataDir()).append('\n');
        p.append(READ).append('=').append(readOption).append('\n');
        p.append(TIMEOUT_MIN_MS).append('=').append(timeoutMinMillis).append('\n');
        p.append(TIMEOUT_MAX_MS).append('=').append(timeoutMaxMillis).append('\n');
        return p.toString();
    }
}
