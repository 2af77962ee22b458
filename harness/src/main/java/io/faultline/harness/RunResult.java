package io.faultline.harness;

import io.faultline.checkers.history.History;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run recorded: the client history (Jepsen semantics) and every other event — faults, node
 * lifecycle, suspicions — on one clock, and where they were written.
 */
public record RunResult(List<String> nodes, History history, List<Event> events, Path directory, long seed,
        String rerunCommand) {
    public RunResult {
        nodes = List.copyOf(nodes);
        events = List.copyOf(events);
    }
}
