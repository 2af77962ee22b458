package io.faultline.proxy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ToxicChainTest {
    private static final long MS = 1_000_000L;

    private final Random random = new Random(42);

    static Toxic toxic(String name, ToxicType type, long... attributes) {
        return new Toxic(name, type, "downstream", Direction.DOWNSTREAM, 1f, attributes);
    }

    /** What left the chain, with the (virtual) time it left at. */
    record Out(long at, Chunk chunk) {
        int length() {
            return chunk.length;
        }
    }

    /** Advances the chain through every time it asks for, up to {@code until}, collecting the output. */
    static List<Out> runUntil(ToxicChain chain, long from, long until) {
        List<Out> out = new ArrayList<>();
        long now = from;
        while (now <= until) {
            long wake = chain.advance(now);
            List<Chunk> batch = new ArrayList<>();
            chain.drainOutput(batch);
            for (Chunk chunk : batch) {
                out.add(new Out(now, chunk));
            }
            if (wake == Stage.NEVER || wake > until) {
                break;
            }
            now = Math.max(now, wake);
        }
        return out;
    }

    private ToxicChain chain(Toxic... toxics) {
        return new ToxicChain(List.of(toxics), random, 0);
    }

    private static Chunk chunk(byte[] data, long stamp) {
        return Chunk.copyOf(ByteBuffer.wrap(data), stamp);
    }

    private static Chunk bytes(int n, long stamp) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) i;
        }
        return chunk(data, stamp);
    }

    @Test
    void latencyHoldsEachChunkUntilItsReadTimePlusTheDelay() {
        ToxicChain chain = chain(toxic("l", ToxicType.LATENCY, 100, 0));
        chain.offer(bytes(5, 0));
        assertThat(chain.advance(0)).isEqualTo(100 * MS);
        assertThat(runUntil(chain, 0, 99 * MS)).isEmpty();
        assertThat(runUntil(chain, 100 * MS, 100 * MS)).hasSize(1);
    }

    @Test
    void pipelinedChunksAreNotDelayedCumulatively() {
        ToxicChain chain = chain(toxic("l", ToxicType.LATENCY, 200, 0));
        chain.offer(bytes(1, 0));
        chain.offer(bytes(1, 50 * MS));
        assertThat(runUntil(chain, 60 * MS, 1000 * MS)).extracting(Out::at).containsExactly(200 * MS, 250 * MS);
    }

    @Test
    void twoLatencyToxicsAddUp() {
        ToxicChain chain = chain(toxic("a", ToxicType.LATENCY, 500, 0), toxic("b", ToxicType.LATENCY, 500, 0));
        chain.offer(bytes(1, 0));
        assertThat(runUntil(chain, 0, 2000 * MS)).extracting(Out::at).containsExactly(1000 * MS);
    }

    @Test
    void jitterDrawsEachDelayFromLatencyPlusOrMinusJitter() {
        for (int i = 0; i < 200; i++) {
            ToxicChain chain = chain(toxic("l", ToxicType.LATENCY, 100, 50));
            chain.offer(bytes(1, 0));
            long at = runUntil(chain, 0, 1000 * MS).get(0).at();
            assertThat(at).isBetween(50 * MS, 149 * MS);
        }
    }

    @Test
    void latencyKeepsChunksInOrderWhateverTheirDraws() {
        ToxicChain chain = chain(toxic("l", ToxicType.LATENCY, 100, 90));
        for (int i = 0; i < 100; i++) {
            chain.offer(chunk(new byte[] {(byte) i}, i * MS));
        }
        List<Out> out = runUntil(chain, 0, 10_000 * MS);
        assertThat(out).extracting(o -> (int) o.chunk().data[0]).isSorted().hasSize(100);
        assertThat(out).extracting(Out::at).isSorted();
    }

    @Test
    void removingALatencyToxicReleasesWhatItHoldsAtOnce() {
        ToxicChain chain = chain(toxic("l", ToxicType.LATENCY, 10_000, 0));
        chain.offer(bytes(3, 0));
        chain.offer(Chunk.endOfStream(0));
        assertThat(runUntil(chain, 0, 5 * MS)).isEmpty();
        chain.remove("l", 5 * MS);
        List<Out> out = runUntil(chain, 5 * MS, 5 * MS);
        assertThat(out).extracting(o -> o.chunk().isEof()).containsExactly(false, true);
        assertThat(chain.needsPipeline()).isFalse();
        assertThat(chain.queuedCost()).isZero();
    }

    @Test
    void bandwidthPacesAtRateBytesPerMillisecond() {
        ToxicChain chain = chain(toxic("b", ToxicType.BANDWIDTH, 1000));
        int total = 480_000;
        for (int sent = 0; sent < total; sent += 32 * 1024) {
            chain.offer(bytes(Math.min(32 * 1024, total - sent), 0));
        }
        List<Out> out = runUntil(chain, 0, 10_000 * MS);
        assertThat(out.stream().mapToInt(Out::length).sum()).isEqualTo(total);
        assertThat(out.get(out.size() - 1).at()).isBetween(479 * MS, 481 * MS);
    }

    @Test
    void bandwidthSendsChunksLargerThanAHundredMillisecondsInPieces() {
        ToxicChain chain = chain(toxic("b", ToxicType.BANDWIDTH, 1));
        chain.offer(bytes(250, 0));
        List<Out> out = runUntil(chain, 0, 1000 * MS);
        assertThat(out).extracting(Out::length).containsExactly(100, 100, 50);
        assertThat(out).extracting(Out::at).containsExactly(100 * MS, 200 * MS, 250 * MS);
    }

    @Test
    void bandwidthZeroOrNegativeStallsUntilRemoved() {
        for (long rate : new long[] {0, -1}) {
            ToxicChain chain = chain(toxic("b", ToxicType.BANDWIDTH, rate));
            chain.offer(bytes(10, 0));
            assertThat(chain.advance(0)).isEqualTo(Stage.NEVER);
            assertThat(runUntil(chain, 0, 60_000 * MS)).isEmpty();
            chain.remove("b", 60_000 * MS);
            assertThat(runUntil(chain, 60_000 * MS, 60_000 * MS)).extracting(Out::length).containsExactly(10);
        }
    }

    @Test
    void bandwidthUpdateAppliesToTheChunkItHolds() {
        ToxicChain chain = chain(toxic("b", ToxicType.BANDWIDTH, 0));
        chain.offer(bytes(100, 0));
        runUntil(chain, 0, 10 * MS);
        chain.update(toxic("b", ToxicType.BANDWIDTH, 10), true, 10 * MS);
        assertThat(runUntil(chain, 10 * MS, 100 * MS)).extracting(Out::at).containsExactly(20 * MS);
    }

    @Test
    void slicerWithAverageOneAndNoVariationCutsSingleBytes() {
        ToxicChain chain = chain(toxic("s", ToxicType.SLICER, 1, 0, 10));
        chain.offer(bytes(24, 0));
        List<Out> out = runUntil(chain, 0, 1000 * MS);
        assertThat(out).hasSize(24).allMatch(o -> o.length() == 1);
        assertThat(out.get(23).at()).isEqualTo(23 * 10_000L);
    }

    @Test
    void slicerPiecesStayWithinAverageAndVariationAndKeepTheBytes() {
        ToxicChain chain = chain(toxic("s", ToxicType.SLICER, 1024, 512, 10));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        int total = 480_000;
        for (int sent = 0; sent < total; sent += 32 * 1024) {
            Chunk chunk = bytes(Math.min(32 * 1024, total - sent), 0);
            in.write(chunk.data, 0, chunk.length);
            chain.offer(chunk);
        }
        List<Out> out = runUntil(chain, 0, 100_000 * MS);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        out.forEach(o -> received.write(o.chunk().data, o.chunk().offset, o.length()));
        assertThat(received.toByteArray()).isEqualTo(in.toByteArray());
        assertThat(out).allMatch(o -> o.length() >= 1 && o.length() <= 1536);
        assertThat(out.size()).isBetween(240, 720);
    }

    @Test
    void slicerInputsThatCrashTheRealServerAreClamped() {
        for (long[] attributes : new long[][] {{10, 20, 0}, {0, 0, 0}, {-5, -5, -5}}) {
            ToxicChain chain = chain(toxic("s", ToxicType.SLICER, attributes));
            chain.offer(bytes(1000, 0));
            List<Out> out = runUntil(chain, 0, 1000 * MS);
            assertThat(out.stream().mapToInt(Out::length).sum()).isEqualTo(1000);
            assertThat(out).allMatch(o -> o.length() >= 1 && o.length() <= Math.max(1, 2 * attributes[0] - 1));
        }
    }

    @Test
    void hugeDelaysSaturateInsteadOfWrappingAround() {
        ToxicChain chain = chain(toxic("s", ToxicType.SLICER, 1, 0, Long.MAX_VALUE),
                toxic("l", ToxicType.LATENCY, Long.MAX_VALUE, Long.MAX_VALUE));
        chain.offer(bytes(3, 0));
        assertThat(runUntil(chain, 0, 3_600_000 * MS)).isEmpty();
        assertThat(chain.advance(3_600_000 * MS)).isEqualTo(Stage.NEVER);
        chain.remove("l", 0);
        // The piece latency held comes out; the slicer, restarted as the toxic before it, cuts the
        // rest anew: one piece at once, the next after a delay that never ends.
        assertThat(runUntil(chain, 0, 3_600_000 * MS)).extracting(Out::length).containsExactly(1, 1);
    }

    @Test
    void limitDataTruncatesTheChunkThatCrossesTheLimitThenEnds() {
        ToxicChain chain = chain(toxic("d", ToxicType.LIMIT_DATA, 100));
        chain.offer(bytes(90, 0));
        chain.offer(bytes(20, 0));
        chain.offer(bytes(5, 0));
        List<Out> out = runUntil(chain, 0, 0);
        assertThat(out).extracting(Out::length).containsExactly(90, 10, 0);
        assertThat(out.get(2).chunk().isEof()).isTrue();
        assertThat(chain.queuedCost()).isZero();
    }

    @Test
    void limitDataZeroPassesNothing() {
        ToxicChain chain = chain(toxic("d", ToxicType.LIMIT_DATA, 0));
        chain.offer(bytes(5, 0));
        assertThat(runUntil(chain, 0, 0)).extracting(o -> o.chunk().isEof()).containsExactly(true);
    }

    @Test
    void limitDataCountSurvivesRestarts() {
        ToxicChain chain = chain(toxic("d", ToxicType.LIMIT_DATA, 10), toxic("n", ToxicType.NOOP));
        chain.offer(bytes(7, 0));
        runUntil(chain, 0, 0);
        chain.remove("n", 0);
        chain.update(toxic("d", ToxicType.LIMIT_DATA, 10), true, 0);
        chain.offer(bytes(7, 0));
        assertThat(runUntil(chain, 0, 0)).extracting(Out::length).containsExactly(3, 0);
    }

    @Test
    void timeoutDropsDataAndEndsTheLinkWhenIdleForTheTimeout() {
        ToxicChain chain = chain(toxic("t", ToxicType.TIMEOUT, 300));
        chain.offer(bytes(5, 100 * MS));
        assertThat(runUntil(chain, 100 * MS, 399 * MS)).isEmpty();
        List<Out> out = runUntil(chain, 400 * MS, 400 * MS);
        assertThat(out).extracting(o -> o.chunk().isEof()).containsExactly(true);
    }

    @Test
    void timeoutZeroNeverEndsButRemovalDoes() {
        ToxicChain chain = chain(toxic("t", ToxicType.TIMEOUT, 0));
        chain.offer(bytes(5, 0));
        assertThat(runUntil(chain, 0, 3_600_000 * MS)).isEmpty();
        chain.remove("t", 0);
        assertThat(runUntil(chain, 0, 0)).extracting(o -> o.chunk().isEof()).containsExactly(true);
    }

    @Test
    void removingATimeoutSparedByToxicityStillEndsTheLink() {
        ToxicChain chain = new ToxicChain(List.of(new Toxic("t", ToxicType.TIMEOUT, "downstream", Direction.DOWNSTREAM,
                0f, new long[] {0})), random, 0);
        chain.offer(bytes(5, 0));
        assertThat(runUntil(chain, 0, 0)).extracting(Out::length).containsExactly(5);
        chain.remove("t", 0);
        assertThat(runUntil(chain, 0, 0)).extracting(o -> o.chunk().isEof()).containsExactly(true);
    }

    @Test
    void resetPeerDropsTheFirstChunkAndEndsAfterTheTimeout() {
        ToxicChain chain = chain(toxic("r", ToxicType.RESET_PEER, 100));
        assertThat(runUntil(chain, 0, 1000 * MS)).isEmpty();
        chain.offer(bytes(5, 1000 * MS));
        assertThat(runUntil(chain, 1000 * MS, 1099 * MS)).isEmpty();
        assertThat(runUntil(chain, 1100 * MS, 1100 * MS)).extracting(o -> o.chunk().isEof()).containsExactly(true);
    }

    @Test
    void aResetPeerCountingDownIsNotRedrawnOff() {
        ToxicChain chain = chain(toxic("r", ToxicType.RESET_PEER, 100));
        chain.offer(bytes(5, 0));
        runUntil(chain, 0, 0);
        chain.update(new Toxic("r", ToxicType.RESET_PEER, "downstream", Direction.DOWNSTREAM, 0f, new long[] {100}), true, 0);
        chain.offer(bytes(5, 0));
        assertThat(runUntil(chain, 0, 200 * MS)).extracting(o -> o.chunk().isEof()).containsExactly(true);
    }

    @Test
    void slowCloseDelaysOnlyTheEndOfStream() {
        ToxicChain chain = chain(toxic("c", ToxicType.SLOW_CLOSE, 500));
        chain.offer(bytes(5, 0));
        chain.offer(Chunk.endOfStream(0));
        List<Out> out = runUntil(chain, 0, 1000 * MS);
        assertThat(out).extracting(Out::at).containsExactly(0L, 500 * MS);
        assertThat(out.get(1).chunk().isEof()).isTrue();
    }

    @Test
    void toxicityZeroPassesThroughAndNeedsNoPipeline() {
        ToxicChain chain = new ToxicChain(List.of(new Toxic("l", ToxicType.LATENCY, "downstream", Direction.DOWNSTREAM,
                0f, new long[] {1000, 0})), random, 0);
        assertThat(chain.needsPipeline()).isFalse();
        chain.offer(bytes(5, 0));
        assertThat(runUntil(chain, 0, 0)).hasSize(1);
    }

    @Test
    void toxicityIsDrawnPerLinkAndRedrawnOnUpdate() {
        Toxic half = new Toxic("l", ToxicType.LATENCY, "downstream", Direction.DOWNSTREAM, 0.5f, new long[] {1000, 0});
        int affected = 0;
        int flipped = 0;
        for (int i = 0; i < 400; i++) {
            ToxicChain chain = new ToxicChain(List.of(half), random, 0);
            boolean before = chain.needsPipeline();
            chain.update(half, true, 0);
            affected += before ? 1 : 0;
            flipped += before != chain.needsPipeline() ? 1 : 0;
        }
        assertThat(affected).isBetween(150, 250);
        assertThat(flipped).isBetween(150, 250);
    }

    @Test
    void cutHoldsEverythingIncludingTheEndUntilRemoved() {
        ToxicChain chain = chain(toxic("c", ToxicType.CUT, 0));
        chain.offer(bytes(5, 0));
        chain.offer(Chunk.endOfStream(0));
        assertThat(runUntil(chain, 0, 3_600_000 * MS)).isEmpty();
        assertThat(chain.abortRequested()).isFalse();
        chain.remove("c", 0);
        assertThat(runUntil(chain, 0, 0)).extracting(o -> o.chunk().isEof()).containsExactly(false, true);
    }

    @Test
    void cutWithATimeoutResetsTheConnectionOnlyOnceDataWasHeldThatLong() {
        ToxicChain chain = chain(toxic("c", ToxicType.CUT, 1000));
        runUntil(chain, 0, 5000 * MS);
        assertThat(chain.abortRequested()).isFalse();
        chain.offer(bytes(5, 5000 * MS));
        runUntil(chain, 5000 * MS, 5999 * MS);
        assertThat(chain.abortRequested()).isFalse();
        runUntil(chain, 6000 * MS, 6000 * MS);
        assertThat(chain.abortRequested()).isTrue();
    }

    @Test
    void noDataIsLostOrReorderedWhileToxicsComeAndGo() {
        ToxicChain chain = chain();
        Random churn = new Random(7);
        List<Integer> received = new ArrayList<>();
        List<String> present = new ArrayList<>();
        long now = 0;
        int next = 0;
        for (int step = 0; step < 20_000; step++) {
            now += churn.nextInt(3) * MS;
            int action = churn.nextInt(10);
            if (action < 5) {
                chain.offer(chunk(new byte[] {(byte) (next >> 8), (byte) next}, now));
                next++;
            } else if (action < 8 && present.size() < 4) {
                String name = "t" + step;
                ToxicType type = List.of(ToxicType.LATENCY, ToxicType.NOOP, ToxicType.BANDWIDTH, ToxicType.SLICER)
                        .get(churn.nextInt(4));
                long[] attributes = type == ToxicType.LATENCY ? new long[] {churn.nextInt(20), churn.nextInt(10)}
                        : type == ToxicType.BANDWIDTH ? new long[] {churn.nextInt(3)}
                        : type == ToxicType.SLICER ? new long[] {1, 0, 100} : new long[0];
                chain.add(toxic(name, type, attributes), now);
                present.add(name);
            } else if (!present.isEmpty()) {
                chain.remove(present.remove(churn.nextInt(present.size())), now);
            }
            runUntil(chain, now, now).forEach(o -> collect(o.chunk(), received));
        }
        for (String name : present) {
            chain.remove(name, now);
        }
        runUntil(chain, now, now).forEach(o -> collect(o.chunk(), received));
        assertThat(received).hasSize(2 * next);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < next; i++) {
            expected.add((i >> 8) & 0xff);
            expected.add(i & 0xff);
        }
        assertThat(received).isEqualTo(expected);
        assertThat(chain.queuedCost()).isZero();
    }

    private static void collect(Chunk chunk, List<Integer> into) {
        for (int i = 0; i < chunk.length; i++) {
            into.add(chunk.data[chunk.offset + i] & 0xff);
        }
    }
}
