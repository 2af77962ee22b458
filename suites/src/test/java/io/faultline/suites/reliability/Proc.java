package io.faultline.suites.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the host says about its processes, listening sockets and tools, for the campaigns that look
 * for what a run opened or left behind: /proc, and the output of commands such as {@code docker} or
 * {@code nft}. Everything here reads a moving machine, so a process or socket that ends between two
 * reads is simply not found.
 */
final class Proc {
    private Proc() {
    }

    /** The pids of the host's processes (this PID namespace's). */
    static List<String> pids() {
        List<String> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            procs.forEach(p -> pids.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return pids;
    }

    /**
     * Whether process {@code pid}'s command line or environment marks it as a run's of {@code owner}
     * ({@code <pid>@}, as {@code -Dfaultline.owner} or {@code FAULTLINE_OWNER}).
     */
    static boolean marked(String pid, String owner) {
        String words = read(Path.of("/proc", pid, "cmdline")) + "\0" + read(Path.of("/proc", pid, "environ"));
        return words.contains("-Dfaultline.owner=" + owner) || words.contains("FAULTLINE_OWNER=" + owner);
    }

    /** Process {@code pid}'s command line, words joined by spaces, cut to {@code max} characters; "(ended)" once it is gone. */
    static String commandLine(String pid, int max) {
        Path file = Path.of("/proc", pid, "cmdline");
        if (!Files.exists(file)) {
            return "(ended)";
        }
        String line = read(file).replace('\0', ' ').strip();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }

    /** The inodes of the sockets process {@code pid} holds open; none once it is gone. */
    static List<String> socketInodes(String pid) {
        List<String> inodes = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return inodes;
    }

    /** Listening TCP sockets on the host: hex address:port (from /proc/net/tcp and tcp6) by socket inode. */
    static Map<String, String> listenersByInode() {
        Map<String, String> portByInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : read(Path.of(table)).split("\n")) {
                // sl local_address rem_address st ... uid timeout inode
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) {
                    portByInode.put(f[9], f[1]);
                }
            }
        }
        return portByInode;
    }

    /** A /proc/net/tcp(6) address: IPv4 127/8, IPv6 ::1 or ::ffff:127/8. */
    static boolean isLoopback(String hexAddress) {
        String ip = hexAddress.substring(0, hexAddress.indexOf(':'));
        if (ip.length() == 8) {
            return ip.endsWith("7F");
        }
        return ip.equals("00000000000000000000000001000000")
                || ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F");
    }

    /** Readable form of a /proc/net/tcp(6) address. */
    static String address(String hexAddress) {
        String[] parts = hexAddress.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            long v = Long.parseLong(ip, 16);
            return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff) + ":" + port;
        }
        return "[" + ip + "]:" + port;
    }

    /** A file's bytes as ISO-8859-1 text; empty if it cannot be read (gone, or not ours to read). */
    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The lines {@code command} prints, stderr discarded; none if the tool is not installed, fails,
     * or takes over 30 s — then there is nothing of its kind to find.
     */
    static List<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return List.of();
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
