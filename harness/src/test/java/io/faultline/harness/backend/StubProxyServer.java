package io.faultline.harness.backend;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for faultline-proxy's server until it lands: {@code --host H --port P}, answers
 * {@code GET /version} and nothing else.
 */
public final class StubProxyServer {

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(args[1], Integer.parseInt(args[3])));
            System.out.println("stub proxy server on " + server.getLocalSocketAddress());
            while (true) {
                try (Socket s = server.accept()) {
                    String request = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    boolean version = request != null && request.startsWith("GET /version ");
                    String body = version ? "{\"version\": \"stub\"}\n" : "not found\n";
                    OutputStream out = s.getOutputStream();
                    out.write(((version ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found") + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        }
    }
}
