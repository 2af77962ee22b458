package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void everyMessageReadsBackAsItself() {
        List<Message> messages = List.of(
                new Message.Heartbeat("n1", 3),
                new Message.Ping("n1", 4),
                new Message.Ack("n2", "n3", 4),
                new Message.PingRequest("n1", "n3", 5),
                new Message.VoteRequest("n2", 7, 12, 6, true),
                new Message.VoteReply("n3", 7, false, false),
                new Message.Append("n1", 7, 12, 6, 11, 2, List.of(
                        new Entry(7, new Operation.Noop()), new Entry(7, new Operation.Write(-5)), new Entry(7, new Operation.Cas(-5, 9)))),
                new Message.Append("n1", 7, 14, 7, 14, 3, List.of()),
                new Message.AppendReply("n2", 7, true, 14, 3),
                new Message.Snapshot("n1", 7, new Checkpoint(40, 6, 17), 4));
        for (Message m : messages) {
            assertThat(Message.decode(m.encode())).as(m.encode()).isEqualTo(m);
        }
    }

    @Test
    void linesAreReadableByEye() {
        assertThat(new Message.Append("n1", 7, 12, 6, 11, 2, List.of(new Entry(7, new Operation.Cas(1, 2)))).encode())
                .isEqualTo("APPEND from=n1 term=7 prev=12/6 commit=11 read=2 entries=7:cas=1/2");
    }

    @Test
    void garbageIsRejectedWithTheLine() {
        assertThatThrownBy(() -> Message.decode("HELLO n1")).hasMessageContaining("HELLO n1");
        assertThatThrownBy(() -> Message.decode("PING from=n1 seq=x")).hasMessageContaining("bad number");
        assertThatThrownBy(() -> Message.decode("PING from=n1")).hasMessageContaining("lacks 'seq'");
    }
}
