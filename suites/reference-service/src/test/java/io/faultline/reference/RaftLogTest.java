package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable log: what a node finds after a crash is exactly what it had synced. */
class RaftLogTest {

    @TempDir
    Path dir;

    private static Entry write(long term, long value) {
        return new Entry(term, new Operation.Write(value));
    }

    @Test
    void aFreshDirectoryStartsEmpty() throws Exception {
        try (RaftLog log = RaftLog.recover(dir.resolve("new"))) {
            assertThat(log.base()).isEqualTo(Checkpoint.EMPTY);
            assertThat(log.lastIndex()).isZero();
            assertThat(log.lastTerm()).isZero();
            assertThat(log.term()).isZero();
            assertThat(log.votedFor()).isNull();
        }
    }

    @Test
    void termVoteAndEntriesSurviveARestart() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            log.setTerm(2, "n3");
            log.append(new Entry(2, new Operation.Noop()));
            log.append(write(2, 5));
            log.append(new Entry(2, new Operation.Cas(5, 6)));
            log.sync();
        }
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.term()).isEqualTo(2);
            assertThat(log.votedFor()).isEqualTo("n3");
            assertThat(log.lastIndex()).isEqualTo(3);
            assertThat(log.entry(3)).isEqualTo(new Entry(2, new Operation.Cas(5, 6)));
            assertThat(log.entriesFrom(2, 10)).containsExactly(write(2, 5), new Entry(2, new Operation.Cas(5, 6)));
        }
    }

    @Test
    void whatWasNeverSyncedIsNotThereAfterACrash() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            log.append(write(1, 1));
            log.sync();
            log.append(write(1, 2)); // no sync: the process dies here
        }
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.lastIndex()).isEqualTo(1);
        }
    }

    @Test
    void aTornLastLineIsCutOffAndTheLogGoesOnAfterIt() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            log.append(write(1, 1));
            log.sync();
        }
        Files.writeString(dir.resolve(WriteAheadLog.FILE), "entry 2 1:wri", StandardOpenOption.APPEND);
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.lastIndex()).isEqualTo(1);
            log.append(write(1, 3));
            log.sync();
        }
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.lastIndex()).isEqualTo(2);
            assertThat(log.entry(2)).isEqualTo(write(1, 3));
        }
    }

    @Test
    void truncatedEntriesStayTruncatedAndTheirReplacementsStay() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            log.append(write(1, 1));
            log.append(write(1, 2));
            log.append(write(1, 3));
            log.truncateFrom(2);
            log.append(write(2, 20));
            log.sync();
        }
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.lastIndex()).isEqualTo(2);
            assertThat(log.entry(2)).isEqualTo(write(2, 20));
            assertThat(log.termAt(1)).isEqualTo(1);
        }
    }

    @Test
    void aCheckpointReplacesTheLogBehindIt() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            log.setTerm(1, "n1");
            for (int v = 1; v <= 5; v++) {
                log.append(write(1, v));
            }
            log.sync();
            log.compact(new Checkpoint(3, 1, 3));
            assertThat(log.termAt(3)).isEqualTo(1);
            assertThat(log.termAt(2)).as("behind the checkpoint").isEqualTo(-1);
        }
        assertThat(Files.readString(dir.resolve(Checkpoints.FILE), StandardCharsets.UTF_8)).isEqualTo("index=3 term=1 value=3\n");
        assertThat(Files.readAllLines(dir.resolve(WriteAheadLog.FILE)))
                .containsExactly("term 1 n1", "entry 4 1:write=4", "entry 5 1:write=5");
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.base()).isEqualTo(new Checkpoint(3, 1, 3));
            assertThat(log.lastIndex()).isEqualTo(5);
            assertThat(log.entry(4)).isEqualTo(write(1, 4));
            assertThat(log.votedFor()).isEqualTo("n1");
        }
    }

    @Test
    void entriesLeftBehindByACrashBeforeTheLogWasRewrittenAreIgnored() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            for (int v = 1; v <= 4; v++) {
                log.append(write(1, v));
            }
            log.sync();
        }
        new Checkpoints(dir).save(new Checkpoint(2, 1, 2)); // the crash comes before the rewrite
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.base().index()).isEqualTo(2);
            assertThat(log.lastIndex()).isEqualTo(4);
            assertThat(log.entry(3)).isEqualTo(write(1, 3));
        }
    }

    @Test
    void aLeadersCheckpointKeepsTheEntriesThatFollowItOrReplacesADivergentLog() throws Exception {
        try (RaftLog log = RaftLog.recover(dir)) {
            for (int v = 1; v <= 4; v++) {
                log.append(write(1, v));
            }
            log.sync();
            log.resetTo(new Checkpoint(2, 1, 2));
            assertThat(log.lastIndex()).as("entries 3 and 4 follow the checkpoint").isEqualTo(4);

            log.resetTo(new Checkpoint(6, 3, 60));
            assertThat(log.base()).isEqualTo(new Checkpoint(6, 3, 60));
            assertThat(log.lastIndex()).isEqualTo(6);
        }
        try (RaftLog log = RaftLog.recover(dir)) {
            assertThat(log.base()).isEqualTo(new Checkpoint(6, 3, 60));
            assertThat(log.lastIndex()).isEqualTo(6);
        }
    }
}
