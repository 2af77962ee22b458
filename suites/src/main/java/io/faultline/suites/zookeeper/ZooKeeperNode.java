package io.faultline.suites.zookeeper;

import java.io.Reader;
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
 * <p>Usage: {@code ZooKeeperNode <zoo.cfg> <myid> <host:port>}
 */
public final class ZooKeeperNode {
    private ZooKeeperNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ZooKeeperNode <zoo.cfg> <myid> <quorum-beans host:port>");
            System.exit(2);
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
}
