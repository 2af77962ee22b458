package io.faultline.harness.backend;

import io.faultline.harness.NetworkMode;
import io.faultline.harness.NodeSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where nodes run: local processes on loopback addresses, or containers. The harness asks a backend
 * to place the nodes, start the proxy server where the nodes can reach it, and create nodes; faults
 * that act on a node (kill, pause) go through {@link BackendNode}. Closing a backend removes
 * everything it created.
 */
public interface Backend extends AutoCloseable {

    /** {@code process} or {@code docker}. */
    String name();

    /**
     * Prepares a run (e.g. a Docker network) and starts a proxy server — or connects to a real
     * Toxiproxy — that both the test JVM and the nodes can reach; its API may answer only later
     * ({@link ProxyHost#awaitApi}).
     */
    ProxyHost start(RunInfo run) throws Exception;

    /** Where a node lives and how it sees its own files; called for every node before any starts. */
    NodeHome home(NodeSpec spec, int index, Path hostDataDir, Path hostConfigDir) throws Exception;

    /** Creates a node, not yet started. */
    BackendNode create(NodeSpec spec, NodeHome home, List<String> args, Map<String, String> env, Path log) throws Exception;

    /**
     * The TCP connections open right now from one node straight to another, past every proxy, each
     * as {@code "a (address:port) -> b (address:port)"}: in {@code PROXIED} mode there must be none.
     */
    List<String> directConnections();

    /** Removes every process, container, network and proxy this backend started. */
    @Override
    void close();

    /**
     * A node's place.
     *
     * @param bindHost the address the node listens on
     * @param host the address at which proxies reach the node's ports
     * @param dataDir the data directory as the node sees it
     * @param configDir the directory of its rendered configuration files, as the node sees it
     */
    record NodeHome(String bindHost, String host, String dataDir, String configDir) {
    }

    /**
     * A run, as a backend needs to know it.
     *
     * @param id unique id, used in labels and process markers so that leftovers can be found
     * @param directory the run directory
     * @param nodeCount how many nodes the cluster has
     * @param clientProxyCount how many client proxies the network needs: the test JVM must reach them,
     *     and a proxy server in a container has its ports mapped when it starts
     * @param networkMode how links are cut: in {@code KERNEL} mode the backend prepares its kernel cuts
     *     ({@link KernelPartitions}) at start, and fails there if it cannot make them
     */
    record RunInfo(String id, Path directory, int nodeCount, int clientProxyCount, NetworkMode networkMode) {
        public RunInfo {
            Objects.requireNonNull(networkMode, "networkMode");
        }

        /** A run whose links go through proxies. */
        public RunInfo(String id, Path directory, int nodeCount, int clientProxyCount) {
            this(id, directory, nodeCount, clientProxyCount, NetworkMode.PROXIED);
        }
    }
}
