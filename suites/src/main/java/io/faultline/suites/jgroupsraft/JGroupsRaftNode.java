package io.faultline.suites.jgroupsraft;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.blocks.CounterService;
import org.jgroups.raft.blocks.RaftSyncCounter;

/**
 * Starts one jgroups-raft member holding a replicated counter ({@link CounterService}), used as a
 * compare-and-set register named {@value #REGISTER}, and serves it to clients as lines of text on
 * its client port: {@code read}, {@code write v}, {@code cas old new}, answered {@code ok [value]},
 * {@code fail reason} (nothing happened: a mismatched CAS) or {@code error reason} (unknown outcome).
 *
 * <p>It also serves its view of the group on a status port ({@code role=Leader leader=n1 term=3
 * commit=120 last=120 view=n1,n2,n3}: its Raft role, the leader it knows, its term, its commit index,
 * the last index in its log, its JGroups view) and logs, from its JGroups view, whom it suspects: a member that left its view is
 * suspected until it is back in it ({@code FAULTLINE-DETECT} lines, stamped with this JVM's
 * {@code System.nanoTime()}).
 *
 * <p>Usage: {@code JGroupsRaftNode <raft.xml> <raft id> <client host:port> <status host:port> <dirty reads>}
 */
public final class JGroupsRaftNode {
    static final String REGISTER = "register";
    private static final long REPLICATION_TIMEOUT_MILLIS = 2_000;
    private static final long PROGRESS_MILLIS = 500;

    private JGroupsRaftNode() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: JGroupsRaftNode <raft.xml> <raft id> <client host:port> <status host:port> <dirty reads>");
            System.exit(2);
        }
        try {
            start(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void start(String[] args) throws Exception {
        String id = args[1];
        JChannel channel = new JChannel(args[0]).name(id);
        CounterService service = new CounterService(channel)
                .allowDirtyReads(Boolean.parseBoolean(args[4]))
                .replTimeout(REPLICATION_TIMEOUT_MILLIS);
        RAFT raft = channel.getProtocolStack().findProtocol(RAFT.class);
        channel.setReceiver(new ViewSuspicions(id));
        channel.connect("faultline-raft");
        // creating the counter is a log entry: it needs a leader, which needs a majority in the view
        RaftSyncCounter counter = null;
        while (counter == null) {
            try {
                counter = service.getOrCreateCounter(REGISTER, 0);
            } catch (Exception e) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        RaftSyncCounter register = counter;
        serve(args[2], "faultline-raft-clients", socket -> answerClients(socket, register));
        serve(args[3], "faultline-raft-status", socket -> {
            try (OutputStream out = socket.getOutputStream()) {
                Address leader = raft.leader();
                View view = channel.getView();
                out.write(("role=" + raft.role() + " leader=" + (leader == null ? "" : leader) + " term=" + raft.currentTerm()
                        + " commit=" + raft.commitIndex() + " last=" + raft.lastAppended() + " view=" + (view == null ? "" : names(view.getMembers())) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        System.out.println("FAULTLINE-READY " + id);
        logProgress(raft, service);
    }

    /**
     * Every 500 ms, a line with this member's Raft progress and its own copy of the counter
     * ({@code FAULTLINE-PROGRESS role=Follower term=3 commit=120 last=120 counters=register:88}), so
     * that a member's log shows whether and when it caught up after a restart. The copy is read
     * locally ({@code printCounters}), never through the log.
     */
    private static void logProgress(RAFT raft, CounterService service) {
        Thread progress = new Thread(() -> {
            while (true) {
                System.out.println("FAULTLINE-PROGRESS role=" + raft.role() + " term=" + raft.currentTerm() + " commit=" + raft.commitIndex()
                        + " last=" + raft.lastAppended() + " counters=" + service.printCounters().trim().replaceAll("\\s+", "") + " nanos="
                        + System.nanoTime());
                try {
                    TimeUnit.MILLISECONDS.sleep(PROGRESS_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "faultline-raft-progress");
        progress.setDaemon(true);
        progress.start();
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static void serve(String hostPort, String name, Handler handler) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        ServerSocket server = new ServerSocket(Integer.parseInt(hostPort.substring(colon + 1)), 50,
                InetAddress.getByName(hostPort.substring(0, colon)));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (IOException | RuntimeException e) {
                            // the client went away
                        }
                    }, name);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void answerClients(Socket socket, RaftSyncCounter register) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            out.println(answer(line.trim().split(" "), register));
        }
    }

    private static String answer(String[] words, RaftSyncCounter register) {
        try {
            return switch (words[0]) {
                case "read" -> "ok " + register.get();
                case "write" -> {
                    register.set(Long.parseLong(words[1]));
                    yield "ok";
                }
                case "cas" -> register.compareAndSet(Long.parseLong(words[1]), Long.parseLong(words[2])) ? "ok" : "fail mismatch";
                default -> "fail unknown-command";
            };
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "error " + cause.getClass().getSimpleName();
        }
    }

    private static String names(List<Address> members) {
        StringBuilder s = new StringBuilder();
        for (Address a : members) {
            s.append(s.isEmpty() ? "" : ",").append(a);
        }
        return s.toString();
    }

    /** A member that left this member's view is suspected until it is in a view again. */
    private static final class ViewSuspicions implements Receiver {
        private final String self;
        private final Set<String> lastView = new HashSet<>();
        private final Set<String> suspected = new HashSet<>();

        ViewSuspicions(String self) {
            this.self = self;
        }

        @Override
        public synchronized void viewAccepted(View view) {
            Set<String> now = new HashSet<>();
            view.getMembers().forEach(m -> now.add(String.valueOf(m)));
            for (String member : lastView) {
                if (!now.contains(member) && !member.equals(self) && suspected.add(member)) {
                    log(member, "suspect");
                }
            }
            for (String member : now) {
                if (suspected.remove(member)) {
                    log(member, "trust");
                }
            }
            lastView.clear();
            lastView.addAll(now);
        }

        private void log(String peer, String state) {
            System.out.println("FAULTLINE-DETECT observer=" + self + " peer=" + peer + " state=" + state + " nanos=" + System.nanoTime());
            System.out.flush();
        }
    }
}
