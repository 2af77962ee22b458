package io.faultline.harness.backend.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Stands in for a {@code toxiproxy-server} binary: takes {@code -host H -port P}, and accepts connections there. */
final class FakeToxiproxyServer {

    public static void main(String[] args) throws IOException {
        String host = args[1];
        int port = Integer.parseInt(args[3]);
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host))) {
            System.out.println("fake toxiproxy-server on " + host + ":" + port);
            while (true) {
                try (Socket ignored = server.accept()) {
                    // a real one would answer the HTTP API
                }
            }
        }
    }
}
