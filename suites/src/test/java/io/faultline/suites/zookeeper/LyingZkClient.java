package io.faultline.suites.zookeeper;

import io.faultline.harness.Client;
import io.faultline.harness.Completion;
import io.faultline.harness.Invocation;
import java.util.Random;

/**
 * A deliberately broken client: it acknowledges a share of writes without ever sending them, the
 * way a client that "optimizes" a write away or loses it in a buffer would. A chaos test that
 * cannot catch this is not checking anything.
 */
final class LyingZkClient implements Client {
    private final Client honest;
    private final Random random;
    private final double lies;

    private LyingZkClient(Client honest, Random random, double lies) {
        this.honest = honest;
        this.random = random;
        this.lies = lies;
    }

    /** Clients that lie about {@code share} of their writes, drawn per process from a fixed seed. */
    static Client.Factory lyingAbout(double share) {
        Client.Factory honest = ZkCasRegisterClient.factory();
        return (cluster, process) -> new LyingZkClient(honest.open(cluster, process), new Random(process), share);
    }

    @Override
    public Completion invoke(Invocation invocation) throws Exception {
        if (invocation.f().equals("write") && random.nextDouble() < lies) {
            return Completion.ok(invocation.value());
        }
        return honest.invoke(invocation);
    }

    @Override
    public void close() throws Exception {
        honest.close();
    }
}
