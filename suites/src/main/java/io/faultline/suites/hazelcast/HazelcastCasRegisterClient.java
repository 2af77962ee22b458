package io.faultline.suites.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import io.faultline.checkers.history.Keyword;
import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.util.List;

/**
 * A compare-and-set register in the CP Subsystem's {@link IAtomicLong} {@value #NAME}, starting at 0:
 * {@code read} is {@code get}, {@code write v} is {@code set}, {@code cas [old new]} is
 * {@code compareAndSet}. With CP members it is a Raft group, linearizable by design; with none (the
 * CP Subsystem's "unsafe mode") it is an ordinary partition replicated asynchronously, which a
 * split brain may fork.
 *
 * <p>A {@code compareAndSet} that answers false certainly wrote nothing ({@code :fail}); an exception
 * (a timeout, a lost member) leaves the operation indeterminate ({@code :info}).
 */
public final class HazelcastCasRegisterClient implements Client {
    static final String NAME = "faultline-register";

    private final HazelcastInstance client;
    private final IAtomicLong register;

    private HazelcastCasRegisterClient(HazelcastInstance client) {
        this.client = client;
        this.register = client.getCPSubsystem().getAtomicLong(NAME);
    }

    public static Client.Factory factory() {
        return (cluster, process) -> new HazelcastCasRegisterClient(HazelcastClients.open(cluster, process));
    }

    @Override
    public Completion invoke(Invocation invocation) {
        return switch (invocation.f()) {
            case "read" -> Completion.ok(register.get());
            case "write" -> {
                long value = number(invocation.value());
                register.set(value);
                yield Completion.ok(value);
            }
            case "cas" -> cas(invocation.value());
            default -> throw new IllegalArgumentException("a cas register knows read, write and cas, not " + invocation.f());
        };
    }

    private Completion cas(Object argument) {
        if (!(argument instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("a cas takes [old new], got " + argument);
        }
        long expected = number(pair.get(0));
        long replacement = number(pair.get(1));
        return register.compareAndSet(expected, replacement)
                ? Completion.ok(List.of(expected, replacement))
                : Completion.fail(Keyword.of("mismatch"));
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("a cas register holds integers, got " + value);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
