package io.faultline.suites.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Hazelcast member from its rendered {@value HazelcastConfig#FILE} and reports, one line
 * each, what the suite's probes read from its log:
 * <ul>
 *   <li>{@code FAULTLINE-DETECT observer=<me> peer=<node> state=suspect|trust nanos=<System.nanoTime()>}
 *       when a member leaves or joins this member's view (the detection probe);
 *   <li>{@code FAULTLINE-MEMBERS observer=<me> members=<a,b,c> master=<m> nanos=...} with the whole view after
 *       each change, and its master: the oldest member, which Hazelcast makes the coordinator of membership;
 *   <li>{@code FAULTLINE-READY} once it has joined (and, with CP members, once CP discovery completed).
 * </ul>
 *
 * <p>Usage: {@code HazelcastMember <hazelcast.properties>}
 */
public final class HazelcastMember {
    static final String READY = "FAULTLINE-READY";

    private HazelcastMember() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: HazelcastMember <" + HazelcastConfig.FILE + ">");
            System.exit(2);
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        var config = HazelcastConfig.toConfig(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        String me = config.getInstanceName();
        config.addListenerConfig(new com.hazelcast.config.ListenerConfig(new Reporter(me)));
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        if (config.getCPSubsystemConfig().getCPMemberCount() > 0) {
            boolean discovered = hz.getCPSubsystem().getCPSubsystemManagementService().awaitUntilDiscoveryCompleted(60, TimeUnit.SECONDS);
            if (!discovered) {
                System.out.println("FAULTLINE: CP discovery did not complete within 60 s");
            }
        }
        System.out.println(READY + " node=" + me + " members=" + names(hz.getCluster().getMembers()) + " master="
                + master(hz.getCluster().getMembers()));
    }

    /** Prints every change of this member's view as it sees it. */
    private record Reporter(String me) implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            report(event, "trust");
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            report(event, "suspect");
        }

        private void report(MembershipEvent event, String state) {
            long nanos = System.nanoTime();
            String peer = name(event.getMember());
            if (!peer.equals(me)) {
                System.out.println("FAULTLINE-DETECT observer=" + me + " peer=" + peer + " state=" + state + " nanos=" + nanos);
            }
            System.out.println("FAULTLINE-MEMBERS observer=" + me + " members=" + names(event.getMembers()) + " master="
                    + master(event.getMembers()) + " nanos=" + nanos);
        }
    }

    static String names(Set<Member> members) {
        Set<String> names = new TreeSet<>();
        members.forEach(m -> names.add(name(m)));
        return String.join(",", names);
    }

    /** Hazelcast lists members oldest first, and the oldest is the master. */
    static String master(Set<Member> members) {
        return members.isEmpty() ? "" : name(members.iterator().next());
    }

    private static String name(Member member) {
        String name = member.getAttribute(HazelcastConfig.NODE_ATTRIBUTE);
        return name == null ? member.getAddress().toString() : name;
    }
}
