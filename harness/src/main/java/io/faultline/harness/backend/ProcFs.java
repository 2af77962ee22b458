package io.faultline.harness.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Linux's {@code /proc} tells about a process and {@link ProcessHandle} does not: its
 * arguments and environment (where the run markers live), its state (a zombie still counts as alive
 * for {@code ProcessHandle}), its process group, and its start time in clock ticks, which the
 * reaper's shell script compares without any arithmetic. Every answer is empty when the process is
 * gone or not readable.
 */
public final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    public static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    public static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                pids.add(Long.parseLong(entry.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            // /proc changes while it is read; a partial listing is the best there is
        }
        return pids;
    }

    /** The process's arguments, {@code argv[0]} first. */
    public static List<String> cmdline(long pid) {
        return nulSeparated(PROC.resolve(pid + "/cmdline"));
    }

    /** The process's environment as {@code KEY=value} entries, as it was at exec. */
    public static List<String> environ(long pid) {
        return nulSeparated(PROC.resolve(pid + "/environ"));
    }

    /** The state letter: {@code R}, {@code S}, {@code T} (stopped), {@code Z} (zombie), ... */
    public static Optional<Character> state(long pid) {
        return statField(pid, 3).map(s -> s.charAt(0));
    }

    public static OptionalLong processGroup(long pid) {
        return statField(pid, 5).map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    /** Field 22 of {@code /proc/<pid>/stat}: when the process started, in clock ticks after boot. */
    public static OptionalLong startTicks(long pid) {
        return statField(pid, 22).map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    /** Gone, or a zombie nobody has reaped yet: either way it runs no more. */
    public static boolean isGone(long pid) {
        return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                || state(pid).map(s -> s == 'Z').orElse(false);
    }

    /** A TCP socket in the LISTEN state. */
    public record Listener(InetAddress address, int port) {
    }

    /**
     * The TCP sockets listening in the network namespace of process {@code pid}, from
     * {@code /proc/<pid>/net/tcp} and {@code tcp6}; empty when they cannot be read. The kernel lists
     * listening sockets first, so reading stops at the first other one: on a busy host the tables
     * hold thousands of connections, and reading them whole took some 35 ms. Parsed by hand, as this
     * is asked every few milliseconds while a cluster boots.
     */
    public static Optional<List<Listener>> listeners(long pid) {
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            try (InputStream in = Files.newInputStream(PROC.resolve(pid + "/net/" + table))) {
                readListeners(in, listeners);
            } catch (IOException | RuntimeException e) {
                if (table.equals("tcp")) {
                    return Optional.empty();
                }
                // no IPv6 in this namespace: what tcp said is all
            }
        }
        return Optional.of(listeners);
    }

    /** Lines "sl local_address rem_address st ...", e.g. "0: 0100007F:0016 00000000:0000 0A ...", after a header. */
    private static void readListeners(InputStream in, List<Listener> listeners) throws IOException {
        byte[] buffer = new byte[16384];
        int length = 0;
        boolean header = true;
        while (true) {
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return;
            }
            length += read;
            int lineStart = 0;
            for (int i = 0; i < length; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                if (!header && !addIfListening(buffer, lineStart, i, listeners)) {
                    return;
                }
                header = false;
                lineStart = i + 1;
            }
            System.arraycopy(buffer, lineStart, buffer, 0, length - lineStart);
            length -= lineStart;
            if (length == buffer.length) {
                throw new IOException("a line of a /proc/net table longer than " + buffer.length + " bytes");
            }
        }
    }

    /** Adds the line's socket if it listens; false at the first socket that does not. */
    private static boolean addIfListening(byte[] line, int from, int to, List<Listener> listeners) throws UnknownHostException {
        int[] starts = new int[4];
        int[] ends = new int[4];
        int field = 0;
        for (int i = from; i < to && field < 4; ) {
            while (i < to && line[i] == ' ') {
                i++;
            }
            starts[field] = i;
            while (i < to && line[i] != ' ') {
                i++;
            }
            ends[field++] = i;
        }
        if (field < 4 || ends[3] - starts[3] != 2 || line[starts[3]] != '0' || line[starts[3] + 1] != 'A') {
            return false;
        }
        String local = new String(line, starts[1], ends[1] - starts[1], StandardCharsets.ISO_8859_1);
        int colon = local.indexOf(':');
        listeners.add(new Listener(address(local.substring(0, colon)), Integer.parseInt(local.substring(colon + 1), 16)));
        return true;
    }

    /** An established TCP connection, seen from its local end. */
    public record Connection(InetAddress local, int localPort, InetAddress remote, int remotePort) {
    }

    /**
     * The established TCP connections in the network namespace of process {@code pid}, from
     * {@code /proc/<pid>/net/tcp} and {@code tcp6} read whole; empty when they cannot be read.
     */
    public static List<Connection> connections(long pid) {
        List<Connection> connections = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(PROC.resolve(pid + "/net/" + table), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("01")) {
                    continue;
                }
                try {
                    int l = f[1].indexOf(':');
                    int r = f[2].indexOf(':');
                    connections.add(new Connection(address(f[1].substring(0, l)), Integer.parseInt(f[1].substring(l + 1), 16),
                            address(f[2].substring(0, r)), Integer.parseInt(f[2].substring(r + 1), 16)));
                } catch (UnknownHostException | RuntimeException e) {
                    // a line we do not understand says nothing about the nodes
                }
            }
        }
        return connections;
    }

    /** An address as {@code /proc/net/tcp} writes it: 32-bit words in hex, each in the host's (little-endian) byte order. */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
    }

    /** The n-th field (from 1) of {@code /proc/<pid>/stat}, counted after the command name, which may hold spaces. */
    private static Optional<String> statField(long pid, int n) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        int index = n - 3;
        return index < afterName.length ? Optional.of(afterName[index]) : Optional.empty();
    }

    private static List<String> nulSeparated(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                parts.add(new String(bytes, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < bytes.length) {
            parts.add(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
        }
        return parts;
    }
}
