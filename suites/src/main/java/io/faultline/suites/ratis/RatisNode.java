package io.faultline.suites.ratis;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Starts one Ratis server of the register group from the properties file {@link RatisConfig}
 * renders: its id, every peer's logical address, the proxy of its link to each peer (see
 * {@link PeerLinks}), where it binds, where it keeps its log, and the read option under test. It
 * formats its storage on the first start and recovers it on every later one (Ratis refuses to
 * format over an existing log, and to recover a missing one).
 *
 * <p>It also serves its view of the group on a status port ({@link RatisStatus}) and logs, from
 * Ratis's own state, whom it suspects ({@link SuspicionWatcher}).
 *
 * <p>Usage: {@code RatisNode <ratis.properties>}
 */
public final class RatisNode {
    private RatisNode() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RatisNode <ratis.properties>");
            System.exit(2);
        }
        try {
            start(args[0]);
        } catch (Exception | Error e) {
            // gRPC's threads would keep a half-started server alive; exit so the harness sees the failure at once
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void start(String file) throws Exception {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            cfg.load(in);
        }
        String id = cfg.getProperty(RatisConfig.ID);
        List<RaftPeer> peers = new ArrayList<>();
        Map<String, String> links = new LinkedHashMap<>();
        for (String peer : cfg.getProperty(RatisConfig.PEERS).split(",")) {
            peers.add(RaftPeer.newBuilder().setId(peer).setAddress(cfg.getProperty(RatisConfig.ADDRESS + peer)).build());
            String link = cfg.getProperty(RatisConfig.LINK + peer);
            if (link != null) {
                links.put(peer, link);
            }
        }
        PeerLinks.install(links);

        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(properties, cfg.getProperty(RatisConfig.BIND_HOST));
        GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(cfg.getProperty(RatisConfig.PORT)));
        TimeDuration min = TimeDuration.valueOf(Long.parseLong(cfg.getProperty(RatisConfig.TIMEOUT_MIN_MS)), TimeUnit.MILLISECONDS);
        TimeDuration max = TimeDuration.valueOf(Long.parseLong(cfg.getProperty(RatisConfig.TIMEOUT_MAX_MS)), TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, max);
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.valueOf(cfg.getProperty(RatisConfig.READ)));
        File storage = new File(cfg.getProperty(RatisConfig.DATA_DIR));
        RaftServerConfigKeys.setStorageDir(properties, List.of(storage));
        // a test writes kilobytes: Ratis's 32 MB segments, preallocated 4 MB at a time, only fill the disk
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf("1MB"));
        RaftServerConfigKeys.Log.setPreallocatedSize(properties, SizeInBytes.valueOf("64KB"));

        RaftGroup group = RaftGroup.valueOf(RatisConfig.GROUP, peers);
        boolean formatted = Files.isDirectory(storage.toPath().resolve(RatisConfig.GROUP.getUuid().toString()));
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(id))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(new RegisterStateMachine())
                .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        RaftServer.Division division = server.getDivision(RatisConfig.GROUP);
        serveStatus(cfg.getProperty(RatisConfig.STATUS), division);
        new SuspicionWatcher(id, division, max.toLong(TimeUnit.MILLISECONDS)).start();
    }

    /** One line of {@link RatisStatus} to whoever connects, on a port clients and peers do not use. */
    private static void serveStatus(String hostPort, RaftServer.Division division) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        ServerSocket socket = new ServerSocket(Integer.parseInt(hostPort.substring(colon + 1)), 50,
                InetAddress.getByName(hostPort.substring(0, colon)));
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept(); OutputStream out = s.getOutputStream()) {
                    out.write((RatisStatus.of(division).line() + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    // a prober that hung up; serve the next
                }
            }
        }, "faultline-ratis-status");
        thread.setDaemon(true);
        thread.start();
    }
}
