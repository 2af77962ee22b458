package io.faultline.harness.internal;

import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Launch;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code cluster.json} says about a run's cluster: enough to know what ran, not how to rebuild it. */
record ClusterDescription(String name, List<NodeDescription> nodes, boolean leaderProbe) {

    record NodeDescription(String name, String launch, Map<String, Integer> ports, Set<String> peerPorts,
            Set<String> clientPorts, Set<String> files, Map<String, String> env, long startTimeoutMillis) {
    }

    static ClusterDescription of(ClusterSpec spec) {
        return new ClusterDescription(spec.name(), spec.nodes().stream().map(n -> new NodeDescription(n.name(),
                describe(n.launch()), n.ports(), n.peerPorts(), n.clientPorts(), n.files().keySet(), n.env(),
                n.startTimeout().toMillis())).toList(), spec.leader().isPresent());
    }

    private static String describe(Launch launch) {
        if (launch instanceof Launch.JavaMain m) {
            return "java " + String.join(" ", m.jvmArgs()) + (m.jvmArgs().isEmpty() ? "" : " ") + m.mainClass();
        }
        if (launch instanceof Launch.Command c) {
            return String.join(" ", c.command());
        }
        return "image " + ((Launch.Image) launch).image();
    }
}
