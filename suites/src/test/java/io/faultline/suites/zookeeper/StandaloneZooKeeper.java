package io.faultline.suites.zookeeper;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/** One standalone ZooKeeper server inside the test JVM on 127.0.0.1, for tests of clients and probes. */
final class StandaloneZooKeeper implements AutoCloseable {
    private final ZooKeeperServerEmbedded server;
    private final String address;

    StandaloneZooKeeper(Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Properties cfg = new Properties();
        cfg.setProperty("clientPort", String.valueOf(port));
        cfg.setProperty("clientPortAddress", "127.0.0.1");
        cfg.setProperty("tickTime", "200");
        cfg.setProperty("admin.enableServer", "false");
        cfg.setProperty("4lw.commands.whitelist", "srvr");
        server = ZooKeeperServerEmbedded.builder().baseDir(dir).configuration(cfg).exitHandler(ExitHandler.LOG_ONLY).build();
        server.start(10_000);
        address = "127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
    }
}
