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
 * <p>Usage: {@code ZooKeeperNode <zoo.cfg> <myid>}
 */
public final class ZooKeeperNode {
    private ZooKeeperNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ZooKeeperNode <zoo.cfg> <myid>");
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
        QuorumPeerMain.main(new String[] {config.toString()});
    }
}
