package com.example.register;

import io.faultline.harness.Client;
import io.faultline.harness.Cluster;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One logical process's connection to its home node (node {@code process mod 3}), through that node's
 * client proxy. What is recorded follows from what certainly happened: an {@code OK} is {@code :ok};
 * an {@code ERR} or no answer is {@code :fail} for a read (it changed nothing) and indeterminate for a
 * write, which may still have reached some replicas — so the client throws, and Faultline records
 * {@code :info}.
 */
final class RegisterClient implements Client {
    static final String CLIENT_PORT = "client";
    private static final int TIMEOUT_MILLIS = 1500;

    private final String address;
    private Socket socket;
    private BufferedReader in;
    private PrintWriter out;

    private RegisterClient(String address) {
        this.address = address;
    }

    static Client.Factory factory() {
        return (Cluster cluster, int process) -> {
            String home = cluster.spec().nodeNames().get(process % cluster.spec().nodeNames().size());
            return new RegisterClient(cluster.clientAddress(home, CLIENT_PORT));
        };
    }

    @Override
    public Completion invoke(Invocation invocation) throws IOException {
        return switch (invocation.f()) {
            case "read" -> read();
            case "write" -> write((Long) invocation.value());
            default -> throw new IllegalArgumentException("a register knows read and write, not " + invocation.f());
        };
    }

    private Completion read() {
        String answer;
        try {
            answer = request("READ");
        } catch (IOException e) {
            return Completion.fail("no answer: " + e.getMessage());
        }
        return answer.startsWith("OK ") ? Completion.ok(Long.parseLong(answer.substring(3))) : Completion.fail(answer);
    }

    private Completion write(long value) throws IOException {
        String answer = request("WRITE " + value);
        if (!answer.equals("OK")) {
            throw new IOException("write " + value + " may or may not have taken effect: " + answer);
        }
        return Completion.ok(value);
    }

    private String request(String line) throws IOException {
        try {
            if (socket == null) {
                int colon = address.lastIndexOf(':');
                socket = new Socket();
                socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                        TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            }
            out.println(line);
            String answer = in.readLine();
            if (answer == null) {
                throw new IOException(address + " closed the connection");
            }
            return answer;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to do
            }
            socket = null;
        }
    }
}
