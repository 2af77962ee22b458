package io.faultline.suites.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.common.NetUtils;
import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * Asks ZooKeeper's own classes, in a JVM of its own given a node's hosts file (a JVM reads
 * {@code jdk.net.hosts.file} once), what that node does with its {@code zoo.cfg}: where it binds its
 * election and quorum ports (resolved as {@code QuorumCnxManager}'s listener and {@code Leader} do,
 * from the address's host string), what election address it announces, and what it keeps of an
 * announcement a peer sends ({@code QuorumCnxManager.InitialMessage.parse}; an empty list means
 * it dials the address in its own configuration).
 */
final class ElectionAddressProbe {
    private ElectionAddressProbe() {
    }

    /** Runs the probe on the node whose zoo.cfg and myid are in {@code home}; its output lines. */
    static List<String> run(Path home, Path hosts, String announcement) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
                ElectionAddressProbe.class.getName(), home.resolve("zoo.cfg").toString(), announcement);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines;
        try (InputStream out = process.getInputStream()) {
            lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the probe failed on " + home + " (exit " + process.exitValue() + "): " + lines);
        }
        return lines;
    }

    public static void main(String[] args) throws Exception {
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parse(args[0]);
        QuorumPeer.QuorumServer self = config.getQuorumVerifier().getAllMembers().get(config.getServerId());
        InetSocketAddress election = self.electionAddr.getOne();
        InetSocketAddress quorum = self.addr.getOne();
        System.out.println("binds " + bound(election) + " " + bound(quorum));
        System.out.println("announces " + NetUtils.formatInetAddr(election));
        System.out.println("keeps " + parse(args[1]).electionAddr);
    }

    private static String bound(InetSocketAddress address) {
        InetSocketAddress bound = new InetSocketAddress(address.getHostString(), address.getPort());
        return bound.getAddress().getHostAddress() + ":" + bound.getPort();
    }

    /** The first message of an election connection from server 1, as QuorumCnxManager writes it (protocol 1). */
    private static QuorumCnxManager.InitialMessage parse(String announcement) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] address = announcement.getBytes(StandardCharsets.UTF_8);
        out.writeLong(1);
        out.writeInt(address.length);
        out.write(address);
        return QuorumCnxManager.InitialMessage.parse(QuorumCnxManager.PROTOCOL_VERSION_V1,
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
