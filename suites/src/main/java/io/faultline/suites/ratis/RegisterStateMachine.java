package io.faultline.suites.ratis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/**
 * A compare-and-set register over the Raft log, starting at 0. Commands are text: {@code write v},
 * {@code cas old new} (answered {@code ok} or {@code mismatch}), and {@code read}, a read through the
 * log (answered with the value); the only query, answered outside the log, is {@code read} too.
 * Nothing is snapshotted: a restarted server replays its whole log, which is short in a test.
 */
final class RegisterStateMachine extends BaseStateMachine {
    private long value;

    @Override
    public synchronized CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        String command = entry.getStateMachineLogEntry().getLogData().toString(StandardCharsets.UTF_8);
        String reply;
        try {
            reply = apply(command);
        } catch (RuntimeException e) {
            reply = "error " + e.getMessage();
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(reply));
    }

    private String apply(String command) {
        String[] words = command.split(" ");
        switch (words[0]) {
            case "write" -> {
                value = Long.parseLong(words[1]);
                return "ok";
            }
            case "read" -> {
                return Long.toString(value);
            }
            case "cas" -> {
                if (value != Long.parseLong(words[1])) {
                    return "mismatch";
                }
                value = Long.parseLong(words[2]);
                return "ok";
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }

    @Override
    public synchronized CompletableFuture<Message> query(Message request) {
        String query = request.getContent().toString(StandardCharsets.UTF_8);
        if (!query.equals("read")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the register answers read, not " + query));
        }
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(value)));
    }
}
