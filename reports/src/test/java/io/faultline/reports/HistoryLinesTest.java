package io.faultline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryLinesTest {
    @TempDir
    Path run;

    @Test
    void readsWhatTheCheckersReadWithValuesAsJepsenPrintsThem() throws Exception {
        Path fixture = Fixtures.copy(Fixtures.ZOOKEEPER, run);

        List<HistoryLines.Event> events = HistoryLines.read(fixture);
        List<Op> ops = HistoryFormat.JSONL.read(fixture.resolve("history.jsonl")).ops();

        assertThat(events).hasSameSizeAs(ops);
        for (int i = 0; i < ops.size(); i += 97) {
            assertThat(events.get(i).process()).isEqualTo(ops.get(i).process());
            assertThat(events.get(i).time()).isEqualTo(ops.get(i).time());
            assertThat(events.get(i).f()).isEqualTo(ops.get(i).f());
            assertThat(events.get(i).value()).isEqualTo(Values.toEdn(ops.get(i).value()));
        }
    }

    @Test
    void theNemesisAndNestedValues() throws IOException {
        Files.writeString(run.resolve("history.jsonl"),
                "{\"index\":0,\"type\":\"info\",\"process\":\"nemesis\",\"f\":\"kill\",\"value\":{\"node\":\"n1\"}}\n"
                        + "{\"index\":1,\"time\":5,\"type\":\"invoke\",\"process\":2,\"f\":\"cas\",\"value\":[4,3],\"error\":\"x\"}\n");

        List<HistoryLines.Event> events = HistoryLines.read(run);

        assertThat(events.get(0).process()).isEqualTo(Op.NEMESIS);
        assertThat(events.get(0).value()).isEqualTo("{\"node\" \"n1\"}");
        assertThat(events.get(1).value()).isEqualTo("[4 3]");
        assertThat(events.get(1).time()).isEqualTo(5);
    }

    @Test
    void aBadLineInTheMiddleIsNamedButATornLastLineIsDropped() throws IOException {
        String good = "{\"index\":0,\"time\":1,\"type\":\"invoke\",\"process\":0,\"f\":\"read\",\"value\":null}\n";
        Files.writeString(run.resolve("history.jsonl"), good + "{\"index\":1,\"time\":2,\"type\":\"ok\",\"proc");
        assertThat(HistoryLines.read(run)).hasSize(1);

        Files.writeString(run.resolve("history.jsonl"), good + "{\"type\":\"maybe\",\"process\":0,\"f\":\"read\"}\n" + good);
        assertThatThrownBy(() -> HistoryLines.read(run)).hasMessageContaining("history.jsonl:2: \"type\" is \"maybe\"");
    }
}
