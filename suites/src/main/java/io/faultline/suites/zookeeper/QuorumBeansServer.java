package io.faultline.suites.zookeeper;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs inside a ZooKeeper node and answers every connection on its port with the MBeans ZooKeeper
 * registers about the quorum, as text, then closes it — a four-letter word that ZooKeeper lacks.
 *
 * <p>Only JMX says who is who: which server this one follows ({@code Leader} of each
 * {@code replica.N}) and which learners a leader holds ({@code Learner_Connections/"addr"/"id:N"},
 * and their {@code synced?} in the leader's {@code followerInfo}). {@code mntr} gives only counts,
 * and {@code srvr} only the mode. The beans are read here, in the node's own MBean server, rather
 * than over JMX's RMI connector, whose stubs carry the port the node listens on — which the Docker
 * backend maps to another on the host.
 *
 * <p>One line per bean, or per attribute of it: {@code path}, or {@code path<TAB>attribute<TAB>value},
 * where {@code path} is the bean's {@code name0/name1/...}; {@code followerInfo} gives one line per
 * learner. A paused node answers nothing, as its ZooKeeper does.
 */
final class QuorumBeansServer {
    private static final String DOMAIN = "org.apache.ZooKeeperService";
    /** The peers (replica.N), the leader or follower bean under this server, and the leader's learners. */
    private static final List<String> PATTERNS = List.of(
            DOMAIN + ":name0=*,name1=*",
            DOMAIN + ":name0=*,name1=*,name2=*",
            DOMAIN + ":name0=*,name1=*,name2=Leader,name3=Learner_Connections,name4=*,name5=*");
    private static final Set<String> ATTRIBUTES = Set.of("State", "Leader", "LearnerType");
    private static final String FOLLOWER_INFO = "followerInfo";

    private QuorumBeansServer() {
    }

    /** Listens on {@code host:port} in a daemon thread; returns the port once the socket is bound. */
    static int start(String host, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 50);
        Thread thread = new Thread(() -> serve(socket), "faultline-quorum-beans");
        thread.setDaemon(true);
        thread.start();
        return socket.getLocalPort();
    }

    private static void serve(ServerSocket socket) {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setTcpNoDelay(true);
                OutputStream out = client.getOutputStream();
                out.write(dump(beans).getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the prober went away; the next one gets a fresh answer
            }
        }
    }

    /** The quorum's beans in {@code beans}, in the format above, sorted by path. */
    static String dump(MBeanServer beans) {
        Set<String> lines = new TreeSet<>();
        for (String pattern : PATTERNS) {
            Set<ObjectName> names;
            try {
                names = beans.queryNames(new ObjectName(pattern), null);
            } catch (JMException e) {
                throw new IllegalStateException("bad pattern " + pattern, e);
            }
            for (ObjectName name : names) {
                lines.addAll(describe(beans, name));
            }
        }
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    private static List<String> describe(MBeanServer beans, ObjectName name) {
        String path = path(name);
        List<String> lines = new ArrayList<>();
        lines.add(path);
        try {
            MBeanInfo info = beans.getMBeanInfo(name);
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                if (ATTRIBUTES.contains(attribute.getName())) {
                    lines.add(path + "\t" + attribute.getName() + "\t" + beans.getAttribute(name, attribute.getName()));
                }
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                if (operation.getName().equals(FOLLOWER_INFO) && operation.getSignature().length == 0) {
                    Object handlers = beans.invoke(name, FOLLOWER_INFO, new Object[0], new String[0]);
                    String.valueOf(handlers).lines().filter(l -> !l.isBlank())
                            .forEach(l -> lines.add(path + "\t" + FOLLOWER_INFO + "\t" + l.trim()));
                }
            }
        } catch (JMException | RuntimeException e) {
            // unregistered between the query and the read: the bean is gone, and so is what it said
            return List.of();
        }
        return lines;
    }

    /** {@code name0=a,name1=b} as {@code a/b}, keys in order. */
    private static String path(ObjectName name) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; name.getKeyProperty("name" + i) != null; i++) {
            path.append(i == 0 ? "" : "/").append(name.getKeyProperty("name" + i));
        }
        return path.toString();
    }
}
