package io.faultline.proxy.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this JVM is listening on, read from /proc: the sockets among its file descriptors
 * ({@code /proc/self/fd}) that /proc/net/tcp and tcp6 list in state LISTEN. Each as "address:port"
 * in the kernel's hex, which is enough to count and to tell loopback from the rest.
 */
final class OwnListeners {
    private OwnListeners() {
    }

    static List<String> list() {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed between listing and reading: not ours any more
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/self/fd", e);
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ... uid timeout inode
                    if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                        listening.add(f[1]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table, e);
            }
        }
        return listening;
    }
}
