package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.OpType;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZkCasRegisterClientTest {
    private static final Invocation READ = Invocation.of("read", null);

    @TempDir
    Path dir;

    @Test
    void theRegisterStartsAtZeroAndReadsWhatWasWritten() throws Exception {
        try (StandaloneZooKeeper zk = new StandaloneZooKeeper(dir);
                ZkCasRegisterClient client = connect(zk)) {
            assertThat(client.invoke(READ)).isEqualTo(Completion.ok(0L));
            assertThat(client.invoke(Invocation.of("write", 3L))).isEqualTo(Completion.ok(3L));
            assertThat(client.invoke(READ)).isEqualTo(Completion.ok(3L));
        }
    }

    @Test
    void aCasSwapsOnlyTheExpectedValueAndAMismatchCertainlyWroteNothing() throws Exception {
        try (StandaloneZooKeeper zk = new StandaloneZooKeeper(dir);
                ZkCasRegisterClient client = connect(zk)) {
            assertThat(client.invoke(Invocation.of("cas", List.of(0L, 2L)))).isEqualTo(Completion.ok(List.of(0L, 2L)));
            assertThat(client.invoke(Invocation.of("cas", List.of(0L, 4L)))).isEqualTo(Completion.fail(Keyword.of("mismatch")));
            assertThat(client.invoke(READ)).isEqualTo(Completion.ok(2L));
        }
    }

    @Test
    void laterClientsFindTheRegisterWithoutResettingIt() throws Exception {
        try (StandaloneZooKeeper zk = new StandaloneZooKeeper(dir)) {
            try (ZkCasRegisterClient first = connect(zk)) {
                first.invoke(Invocation.of("write", 4L));
            }
            try (ZkCasRegisterClient second = connect(zk)) {
                assertThat(second.invoke(READ)).isEqualTo(Completion.ok(4L));
            }
        }
    }

    @Test
    void withTheServerGoneAReadFailsButAWriteIsIndeterminate() throws Exception {
        StandaloneZooKeeper zk = new StandaloneZooKeeper(dir);
        try (ZkCasRegisterClient client = connect(zk)) {
            zk.close();

            Completion read = client.invoke(READ);
            assertThat(read.type()).isEqualTo(OpType.FAIL);
            assertThat(read.error()).isEqualTo(Keyword.of("connectionloss"));
            // A lost write may have reached the leader: the client throws, and the harness records :info.
            assertThatThrownBy(() -> client.invoke(Invocation.of("write", 1L)))
                    .isInstanceOf(KeeperException.ConnectionLossException.class);
        }
    }

    @Test
    void anOperationTheRegisterDoesNotKnowIsAMistake() throws Exception {
        try (StandaloneZooKeeper zk = new StandaloneZooKeeper(dir);
                ZkCasRegisterClient client = connect(zk)) {
            assertThatThrownBy(() -> client.invoke(Invocation.of("add", 1L)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("read, write and cas");
        }
    }

    private static ZkCasRegisterClient connect(StandaloneZooKeeper zk) throws Exception {
        return ZkCasRegisterClient.connect(zk.address(), ZkCasRegisterClient.Reads.SYNCED);
    }
}
