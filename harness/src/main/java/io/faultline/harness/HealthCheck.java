package io.faultline.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Pattern;

/** When a node counts as ready after a start or restart. */
@FunctionalInterface
public interface HealthCheck {

    boolean isReady(Node node) throws Exception;

    /** The node accepts TCP connections on its named port (directly, not through a proxy). */
    static HealthCheck tcp(String port) {
        return node -> {
            String[] hostPort = node.directAddress(port).split(":");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** The node's log has a line matching {@code regex} since it last started. */
    static HealthCheck logLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return node -> {
            try (var lines = node.logSinceStart()) {
                return lines.anyMatch(l -> pattern.matcher(l).find());
            }
        };
    }
}
