package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a probe reads of a growing log: whole lines once each, a half-written line when it is whole, a fresh log from its start. */
class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void wholeLinesOnceEachAndAHalfWrittenLineOnceItsNewlineIsThere() throws Exception {
        Path log = dir.resolve("node.log");
        LogTail tail = new LogTail(log);
        assertThat(tail.newLines()).as("no log yet").isEmpty();

        append(log, "peer=n2 state=suspect\npeer=n3 stä");
        assertThat(tail.newLines()).containsExactly("peer=n2 state=suspect");
        assertThat(tail.newLines()).isEmpty();

        append(log, "te=trust\n\n");
        assertThat(tail.newLines()).containsExactly("peer=n3 stäte=trust", "");
    }

    @Test
    void aLogShorterThanWhatWasReadIsReadAfreshFromItsStart() throws Exception {
        Path log = dir.resolve("node.log");
        LogTail tail = new LogTail(log);
        append(log, "before the restart, a long line\n");
        assertThat(tail.newLines()).hasSize(1);

        Files.writeString(log, "after\n");
        assertThat(tail.newLines()).containsExactly("after");
    }

    private static void append(Path log, String text) throws Exception {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
