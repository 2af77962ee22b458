package io.faultline.checkers.linear;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random register histories the checker has never seen. Clients run against a real atomic register:
 * each operation takes effect at a random moment between its invocation and completion, so the
 * history is linearizable — unless the generator then lies about a result, which it does with
 * probability {@code lieRate}, or reports a timeout ({@code :info}) instead.
 */
final class RandomHistories {
    private RandomHistories() {
    }

    static History casRegister(long seed, int processes, int operations, double lieRate, double infoRate) {
        return casRegister(seed, processes, operations, lieRate, infoRate, 3);
    }

    /** As above, with values drawn from 0 to {@code values} - 1: more values, more of them never read. */
    static History casRegister(long seed, int processes, int operations, double lieRate, double infoRate, int values) {
        Random random = new Random(seed);
        long register = 0;
        List<Op> events = new ArrayList<>();
        // per process: 0 idle, 1 invoked, 2 applied
        int[] phase = new int[processes];
        String[] f = new String[processes];
        Object[] arg = new Object[processes];
        Object[] result = new Object[processes];
        boolean[] casOk = new boolean[processes];
        boolean[] appliesIfInfo = new boolean[processes];
        int[] id = new int[processes];
        for (int p = 0; p < processes; p++) {
            id[p] = p;
        }
        int nextId = processes;
        int started = 0;
        while (started < operations || Arrays.stream(phase).anyMatch(x -> x != 0)) {
            int p = random.nextInt(processes);
            switch (phase[p]) {
                case 0:
                    if (started == operations) {
                        continue;
                    }
                    started++;
                    int kind = random.nextInt(3);
                    f[p] = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
                    arg[p] = kind == 0 ? null : kind == 1 ? (Object) (long) random.nextInt(values)
                            : List.of((long) random.nextInt(values), (long) random.nextInt(values));
                    events.add(Op.invoke(id[p], f[p], arg[p]));
                    phase[p] = 1;
                    appliesIfInfo[p] = random.nextBoolean();
                    break;
                case 1:
                    boolean timesOut = random.nextDouble() < infoRate;
                    if (!timesOut || appliesIfInfo[p]) {
                        switch (f[p]) {
                            case "read": result[p] = register; break;
                            case "write": register = (Long) arg[p]; result[p] = arg[p]; break;
                            default:
                                List<?> cas = (List<?>) arg[p];
                                casOk[p] = cas.get(0).equals(register);
                                if (casOk[p]) {
                                    register = (Long) cas.get(1);
                                }
                                result[p] = arg[p];
                        }
                    }
                    phase[p] = timesOut ? 3 : 2;
                    break;
                case 2:
                    Object reported = result[p];
                    if (f[p].equals("read") && random.nextDouble() < lieRate) {
                        reported = (long) random.nextInt(values);
                    }
                    boolean ok = !f[p].equals("cas") || casOk[p];
                    if (f[p].equals("cas") && random.nextDouble() < lieRate) {
                        ok = !ok;
                    }
                    events.add(ok ? Op.ok(id[p], f[p], f[p].equals("read") ? reported : arg[p]) : Op.fail(id[p], f[p], arg[p]));
                    phase[p] = 0;
                    break;
                default:
                    // Timed out: Jepsen logs :info and gives the client a new process number.
                    events.add(new Op(-1, id[p], OpType.INFO, f[p], arg[p], Op.NO_TIME, null));
                    id[p] = nextId++;
                    phase[p] = 0;
            }
        }
        return History.of(events);
    }

    /**
     * A kv store of one key, "x", as Porcupine's kv logs have it: gets, puts and appends of short
     * pieces over a two-letter alphabet, so that different orders of appends often make the same string
     * ("a" + "ab" and "aa" + "b") and a checker must tell strings apart by content, not by how they were
     * made. A lie turns a get's result into another short string.
     */
    static History kv(long seed, int processes, int operations, double lieRate, double infoRate) {
        Random random = new Random(seed);
        String[] pieces = {"a", "b", "ab", "aa", "ba", ""};
        StringBuilder register = new StringBuilder();
        List<Op> events = new ArrayList<>();
        int[] phase = new int[processes];
        String[] f = new String[processes];
        String[] arg = new String[processes];
        String[] result = new String[processes];
        boolean[] appliesIfInfo = new boolean[processes];
        int[] id = new int[processes];
        for (int p = 0; p < processes; p++) {
            id[p] = p;
        }
        int nextId = processes;
        int started = 0;
        while (started < operations || Arrays.stream(phase).anyMatch(x -> x != 0)) {
            int p = random.nextInt(processes);
            switch (phase[p]) {
                case 0:
                    if (started == operations) {
                        continue;
                    }
                    started++;
                    int kind = random.nextInt(5);
                    f[p] = kind < 2 ? "get" : kind < 4 ? "append" : "put";
                    arg[p] = f[p].equals("get") ? null : pieces[random.nextInt(pieces.length)];
                    events.add(Op.invoke(id[p], f[p], Arrays.asList("x", arg[p])));
                    phase[p] = 1;
                    appliesIfInfo[p] = random.nextBoolean();
                    break;
                case 1:
                    boolean timesOut = random.nextDouble() < infoRate;
                    if (!timesOut || appliesIfInfo[p]) {
                        switch (f[p]) {
                            case "get": result[p] = register.toString(); break;
                            case "append": register.append(arg[p]); break;
                            default: register.setLength(0); register.append(arg[p]);
                        }
                    }
                    phase[p] = timesOut ? 3 : 2;
                    break;
                case 2:
                    Object value = Arrays.asList("x", arg[p]);
                    if (f[p].equals("get")) {
                        String reported = random.nextDouble() < lieRate
                                ? pieces[random.nextInt(pieces.length)] + pieces[random.nextInt(pieces.length)] : result[p];
                        value = List.of("x", reported);
                    }
                    events.add(Op.ok(id[p], f[p], value));
                    phase[p] = 0;
                    break;
                default:
                    events.add(new Op(-1, id[p], OpType.INFO, f[p], Arrays.asList("x", arg[p]), Op.NO_TIME, null));
                    id[p] = nextId++;
                    phase[p] = 0;
            }
        }
        return History.of(events);
    }
}
