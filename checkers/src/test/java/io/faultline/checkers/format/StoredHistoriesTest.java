package io.faultline.checkers.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.format.StoredHistories.Entry;
import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every history of {@code ../shared/histories} reads, counts right and survives a write. */
class StoredHistoriesTest {

    static List<Entry> histories() throws IOException {
        return StoredHistories.histories();
    }

    @Test
    void verdictsListsEveryStoredFile() throws IOException {
        assertThat(StoredHistories.all()).hasSize(232).allMatch(e -> Files.isRegularFile(e.file()), "exists");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void readsWithTheDetectedFormatAndTheListedCounts(Entry entry) throws Exception {
        History history = HistoryFormat.detect(entry.file()).read(entry.file());

        assertThat(history.source()).isEqualTo(entry.file().toString());
        assertThat(history.ops()).filteredOn(op -> op.type() == OpType.INVOKE && !op.isNemesis())
                .hasSize(entry.invocations());
        assertThat(history.ops()).filteredOn(op -> op.type() == OpType.INFO).hasSize(entry.infoEvents());
    }

    @Test
    void formatsAreDetectedByTheirDirectory() throws IOException {
        for (Entry entry : histories()) {
            HistoryFormat expected = entry.name().startsWith("knossos/") ? HistoryFormat.EDN
                    : entry.name().contains("/jepsen/") ? HistoryFormat.JEPSEN_LOG
                    : HistoryFormat.PORCUPINE_KV;
            assertThat(HistoryFormat.detect(entry.file())).as(entry.name()).isEqualTo(expected);
        }
    }

    @Test
    void theTimelineRenderingIsNotTakenForAHistory() throws IOException {
        List<Entry> others = StoredHistories.all().stream().filter(e -> !e.isHistory()).toList();

        assertThat(others).extracting(Entry::name).containsExactly("knossos/data/cas-register/bad/rethink-fail-smaller-timeline.html");
        assertThatThrownBy(() -> HistoryFormat.detect(others.get(0).file()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--format edn|jepsen-log|porcupine-kv|jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void roundTripsThroughEveryFormatThatCanHoldIt(Entry entry) throws Exception {
        HistoryFormat own = HistoryFormat.detect(entry.file());
        List<Op> ops = own.read(entry.file()).ops();

        // The log and kv formats hold only what their own files hold (no :time, values as [key value]).
        for (HistoryFormat format : EnumSet.of(own, HistoryFormat.EDN, HistoryFormat.JSONL)) {
            assertThat(reread(format, ops)).as("%s via %s", entry.name(), format.cliName()).isEqualTo(ops);
        }
    }

    @Test
    void porcupineFilesWithTabsAreWrittenBackByteForByte() throws Exception {
        for (Entry entry : histories()) {
            HistoryFormat format = HistoryFormat.detect(entry.file());
            String original = Files.readString(entry.file());
            if (format == HistoryFormat.EDN || original.contains("   ")) {
                continue; // EDN is reformatted, and the space-separated logs are written with tabs
            }
            StringWriter out = new StringWriter();
            format.write(format.read(entry.file()), out);
            assertThat(out.toString()).as(entry.name()).isEqualTo(original);
        }
    }

    private static List<Op> reread(HistoryFormat format, List<Op> ops) throws Exception {
        StringWriter out = new StringWriter();
        format.write(History.of(ops), out);
        return format.read(new StringReader(out.toString()), "rewritten").ops();
    }
}
