package io.faultline.cli;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded histories of shapes beyond the reference ones, with verdicts known by construction: clients
 * run against a real atomic object (each operation takes effect at one random moment between its
 * invocation and its completion), so a history is linearizable; a "bad" one then has one result
 * changed into one that no order allows.
 *
 * <ul>
 *   <li>{@link #kv}: Porcupine's kv store, many clients appending unique pieces to a few keys and
 *       reading them back. No puts, so a key's string only grows: a get made to return its string
 *       without a piece whose append completed before the get began is impossible.
 *   <li>{@link #casRegister}: a register with reads, writes and compare-and-sets, every value
 *       written once, many operations timing out ({@code :info}: applied or not, and the process
 *       gets a new number, as in Jepsen) — the shape that makes Knossos blow up (jepsen#195). A read
 *       made to return a value that a later write overwrote before the read began is impossible.
 * </ul>
 */
final class SyntheticHistories {
    private SyntheticHistories() {
    }

    /** A history and whether it was built linearizable. */
    record Synthetic(History history, boolean linearizable) {
    }

    /** One operation in flight or done, as the generator tracks it. */
    private static final class Call {
        final int process;
        final String f;
        final Object argument;
        Object result;
        boolean applied;
        boolean timedOut;
        int invokeAt;
        int completeAt = -1;

        Call(int process, String f, Object argument) {
            this.process = process;
            this.f = f;
            this.argument = argument;
        }
    }

    /**
     * {@code clients} clients each doing {@code opsPerClient} gets and appends on {@code keys} keys.
     *
     * @param bad whether to change one late get's result into an impossible one
     */
    static Synthetic kv(long seed, int clients, int keys, int opsPerClient, boolean bad) {
        Random random = new Random(seed);
        String[] store = new String[keys];
        java.util.Arrays.fill(store, "");
        List<Call> calls = new ArrayList<>();
        List<Op> events = new ArrayList<>();
        Call[] current = new Call[clients];
        int[] done = new int[clients];
        int busy = 0;
        int started = 0;
        int total = clients * opsPerClient;
        while (started < total || busy > 0) {
            int c = random.nextInt(clients);
            Call call = current[c];
            if (call == null) {
                if (done[c] == opsPerClient) {
                    continue;
                }
                String key = Integer.toString(random.nextInt(keys));
                boolean get = random.nextInt(5) < 2;
                call = new Call(c, get ? "get" : "append",
                        get ? key : List.of(key, "x " + c + " " + done[c] + " y"));
                call.invokeAt = events.size();
                events.add(Op.invoke(c, call.f, pair(key, get ? null : "x " + c + " " + done[c] + " y")));
                current[c] = call;
                calls.add(call);
                started++;
                busy++;
            } else if (!call.applied) {
                int k = Integer.parseInt(keyOf(call));
                if (call.f.equals("get")) {
                    call.result = store[k];
                } else {
                    store[k] = store[k] + ((List<?>) call.argument).get(1);
                }
                call.applied = true;
            } else {
                call.completeAt = events.size();
                String key = keyOf(call);
                events.add(Op.ok(c, call.f, call.f.equals("get") ? pair(key, call.result)
                        : pair(key, ((List<?>) call.argument).get(1))));
                current[c] = null;
                done[c]++;
                busy--;
            }
        }
        if (bad) {
            dropACompletedPiece(calls, events, random);
        }
        return new Synthetic(History.of(events), !bad);
    }

    private static String keyOf(Call call) {
        return call.argument instanceof List<?> l ? (String) l.get(0) : (String) call.argument;
    }

    private static List<Object> pair(Object key, Object value) {
        return java.util.Arrays.asList(key, value);
    }

    /** A get in the last third loses a piece whose append completed before the get was invoked. */
    private static void dropACompletedPiece(List<Call> calls, List<Op> events, Random random) {
        List<Call[]> candidates = new ArrayList<>();
        for (Call get : calls) {
            if (!get.f.equals("get") || get.invokeAt < events.size() * 2 / 3 || ((String) get.result).isEmpty()) {
                continue;
            }
            for (Call append : calls) {
                String piece = append.f.equals("append") ? (String) ((List<?>) append.argument).get(1) : null;
                if (piece != null && keyOf(append).equals(keyOf(get)) && append.completeAt < get.invokeAt
                        && ((String) get.result).contains(piece)) {
                    candidates.add(new Call[] {get, append});
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no get to make impossible; generate more operations per key");
        }
        Call[] chosen = candidates.get(random.nextInt(candidates.size()));
        Call get = chosen[0];
        String piece = (String) ((List<?>) chosen[1].argument).get(1);
        String stale = ((String) get.result).replace(piece, "");
        Op was = events.get(get.completeAt);
        events.set(get.completeAt, Op.ok(was.process(), "get", pair(keyOf(get), stale)));
    }

    /**
     * {@code processes} clients doing {@code operations} reads, writes and CASes in all; each times
     * out with probability {@code infoRate} (and then took effect or not, at random). Failed CASes
     * complete as {@code :fail}: read with Porcupine's semantics, they say the compare failed.
     *
     * @param busy how busy a client is: the chance that an idle one, given a turn, starts an
     *     operation (an operation takes two turns: effect, completion); 1 keeps all of them busy
     * @param bad whether to change one late read's result into an impossible one
     */
    static Synthetic casRegister(long seed, int processes, int operations, double infoRate, double busy, boolean bad) {
        Random random = new Random(seed);
        Long register = null;
        long nextValue = 1;
        List<Long> recent = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        List<Op> events = new ArrayList<>();
        Call[] current = new Call[processes];
        int[] id = new int[processes];
        for (int p = 0; p < processes; p++) {
            id[p] = p;
        }
        int nextId = processes;
        int started = 0;
        int inFlight = 0;
        while (started < operations || inFlight > 0) {
            int p = random.nextInt(processes);
            Call call = current[p];
            if (call == null) {
                if (started == operations || random.nextDouble() >= busy) {
                    continue;
                }
                int kind = random.nextInt(3);
                Object argument = kind == 0 ? null : kind == 1 ? (Object) nextValue++
                        : List.of(recent.isEmpty() ? 0L : recent.get(random.nextInt(recent.size())), nextValue++);
                call = new Call(id[p], kind == 0 ? "read" : kind == 1 ? "write" : "cas", argument);
                call.invokeAt = events.size();
                call.timedOut = random.nextDouble() < infoRate;
                events.add(Op.invoke(call.process, call.f, argument));
                current[p] = call;
                calls.add(call);
                started++;
                inFlight++;
            } else if (!call.applied) {
                // A timed-out call took effect or not; an untimed one always did.
                if (!call.timedOut || random.nextBoolean()) {
                    switch (call.f) {
                        case "read" -> call.result = register;
                        case "write" -> register = (Long) call.argument;
                        default -> {
                            List<?> cas = (List<?>) call.argument;
                            call.result = cas.get(0).equals(register);
                            if ((Boolean) call.result) {
                                register = (Long) cas.get(1);
                            }
                        }
                    }
                    if (register != null && !recent.contains(register)) {
                        recent.add(register);
                        if (recent.size() > 4) {
                            recent.remove(0);
                        }
                    }
                }
                call.applied = true;
            } else {
                call.completeAt = events.size();
                if (call.timedOut) {
                    events.add(new Op(-1, call.process, OpType.INFO, call.f, call.argument, Op.NO_TIME, null));
                    id[p] = nextId++;
                } else if (call.f.equals("read")) {
                    events.add(Op.ok(call.process, "read", call.result));
                } else if (call.f.equals("cas") && !(Boolean) call.result) {
                    events.add(Op.fail(call.process, "cas", call.argument));
                } else {
                    events.add(Op.ok(call.process, call.f, call.argument));
                }
                current[p] = null;
                inFlight--;
            }
        }
        if (bad) {
            readAnOverwrittenValue(calls, events, random);
        }
        return new Synthetic(History.of(events), !bad);
    }

    /**
     * A read in the last third returns a value v whose writer completed before another write or CAS
     * was invoked, which itself completed before the read was invoked. Every value is written once,
     * so no order puts v back before the read.
     */
    private static void readAnOverwrittenValue(List<Call> calls, List<Op> events, Random random) {
        List<Call> mutations = new ArrayList<>();
        for (Call c : calls) {
            boolean okWrite = c.f.equals("write") && !c.timedOut;
            boolean okCas = c.f.equals("cas") && !c.timedOut && (Boolean) c.result;
            if (okWrite || okCas) {
                mutations.add(c);
            }
        }
        List<Object[]> candidates = new ArrayList<>();
        for (Call read : calls) {
            if (!read.f.equals("read") || read.timedOut || read.invokeAt < events.size() * 2 / 3) {
                continue;
            }
            for (Call older : mutations) {
                for (Call newer : mutations) {
                    if (older.completeAt < newer.invokeAt && newer.completeAt < read.invokeAt
                            && !written(older).equals(read.result)) {
                        candidates.add(new Object[] {read, written(older)});
                        break;
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no read to make impossible; generate more operations");
        }
        Object[] chosen = candidates.get(random.nextInt(candidates.size()));
        Call read = (Call) chosen[0];
        events.set(read.completeAt, Op.ok(read.process, "read", chosen[1]));
    }

    private static Long written(Call mutation) {
        return mutation.f.equals("write") ? (Long) mutation.argument : (Long) ((List<?>) mutation.argument).get(1);
    }
}
