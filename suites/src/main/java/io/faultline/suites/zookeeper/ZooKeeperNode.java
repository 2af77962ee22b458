package io.faultline.suites.zookeeper;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;

/**
 * Starts one ZooKeeper server: writes {@code myid} into the data directory named by {@code zoo.cfg},
 * then runs {@link QuorumPeerMain}. ZooKeeper reads its id only from {@code <dataDir>/myid}, and a
 * node spec renders files into the configuration directory, not the data directory.
 *
 * <p>It also serves ZooKeeper's quorum MBeans on {@code host:port} (see {@link QuorumBeansServer}),
 * for the detection probe.
 *
 * <p>Given a hosts file, it makes the JVM resolve names from that file only, before anything
 * resolves a name: that is how the node's own name means its own address here and the wildcard in
 * its peers ({@link ZooKeeperConfig} says why).
 *
 * <p>Usage: {@code ZooKeeperNode <zoo.cfg> <myid> <host:port> [hosts file]}
 */
public final class ZooKeeperNode {
    private ZooKeeperNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: ZooKeeperNode <zoo.cfg> <myid> <quorum-beans host:port> [hosts file]");
            System.exit(2);
        }
        if (args.length == 4) {
            useHostsFile(Path.of(args[3]));
        }
        Path config = Path.of(args[0]);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String dataDir = properties.getProperty("dataDir");
        if (dataDir == null) {
            System.err.println(config + " has no dataDir");
            System.exit(2);
        }
        Path data = Files.createDirectories(Path.of(dataDir.trim()));
        Files.writeString(data.resolve("myid"), Long.parseLong(args[1]) + "\n");
        int colon = args[2].lastIndexOf(':');
        QuorumBeansServer.start(args[2].substring(0, colon), Integer.parseInt(args[2].substring(colon + 1)));
        QuorumPeerMain.main(new String[] {config.toString()});
    }

    /**
     * Points the JVM's resolver at {@code hosts}, and checks that it took: the JDK reads
     * {@code jdk.net.hosts.file} once, when the first name is resolved, so a lookup made earlier
     * would leave the node resolving its own name through the system instead.
     */
    private static void useHostsFile(Path hosts) throws IOException {
        System.setProperty("jdk.net.hosts.file", hosts.toString());
        for (String line : Files.readAllLines(hosts, StandardCharsets.UTF_8)) {
            String[] entry = line.trim().split("\\s+");
            if (line.isBlank() || line.startsWith("#") || entry.length < 2) {
                continue;
            }
            InetAddress resolved;
            try {
                resolved = InetAddress.getByName(entry[1]);
            } catch (UnknownHostException e) {
                resolved = null;
            }
            if (resolved == null || !resolved.getHostAddress().equals(entry[0])) {
                System.err.println("ZooKeeperNode: " + entry[1] + " resolves to " + resolved + ", not " + entry[0] + " as " + hosts
                        + " says: a name was resolved before main set jdk.net.hosts.file; start the JVM with -Djdk.net.hosts.file=" + hosts);
                System.exit(2);
            }
            return; // the first entry is the node's own name
        }
    }
}
