package io.faultline.harness;

import io.faultline.checkers.history.History;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run recorded: the client history (Jepsen semantics) and every other event, on one clock,
 * and where both were written.
 */
public record RunResult(History history, List<Event> events, Path directory, long seed, String rerunCommand) {
    public RunResult {
        events = List.copyOf(events);
    }
}
