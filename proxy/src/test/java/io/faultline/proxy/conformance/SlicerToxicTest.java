package io.faultline.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.faultline.proxy.conformance.Loopback.Read;
import io.faultline.proxy.conformance.Loopback.Recorder;
import io.faultline.proxy.conformance.Loopback.Upstream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The slicer toxic (spec §5.6): chunks cut into pieces of about {@code average_size} ± {@code size_variation}
 * bytes, {@code delay} microseconds apart, bytes unchanged. Over TCP, pieces can only be counted
 * when the delay keeps them apart, so the piece counts use delays of milliseconds.
 */
class SlicerToxicTest extends ConformanceSupport {

    private Recorder slicedUpstream(long average, long variation, long delayMicros, byte[] data) throws Exception {
        Upstream upstream = net.upstream();
        Proxy proxy = proxyTo(upstream.address());
        proxy.toxics().slicer("slicer", ToxicDirection.UPSTREAM, average, delayMicros).setSizeVariation(variation);
        Socket clientSide = net.connect(port(proxy));
        Recorder received = net.record(upstream.accept());
        Loopback.writeInBackground(clientSide, data);
        return received;
    }

    @Test
    void a51_480000BytesArriveIntactThroughTheSlicer() throws Exception {
        byte[] data = Loopback.pattern(480_000);

        Recorder received = slicedUpstream(1024, 512, 10, data);

        assertThat(received.awaitBytes(data.length, Loopback.IO_TIMEOUT)).isEqualTo(data);
    }

    @Test
    void a51_sliceCountMatchesAverageAndVariation() throws Exception {
        // a tenth of the Go test's 480,000 bytes, hence a tenth of its 240-720 pieces, 10 ms apart so that
        // nearly every piece is a read of its own; a scheduling hiccup merging a few still leaves more than 24
        byte[] data = Loopback.pattern(48_000);

        Recorder received = slicedUpstream(1024, 512, 10_000, data);

        assertThat(received.awaitBytes(data.length, Loopback.IO_TIMEOUT)).isEqualTo(data);
        assertThat(received.reads().size()).isBetween(24, 72);
    }

    @Test
    void a51_averageOneWithoutVariationGivesOneBytePieces() throws Exception {
        byte[] data = Loopback.pattern(24);

        Recorder received = slicedUpstream(1, 0, 40_000, data);

        assertThat(received.awaitBytes(data.length, Loopback.IO_TIMEOUT)).isEqualTo(data);
        List<Read> reads = received.reads();
        // 24 reads of one byte unless a scheduling hiccup let two pieces leave together; pieces of 2 bytes
        // would give at most 12 reads, an unsliced chunk one
        assertThat(reads.size()).as("reads %s", reads).isBetween(20, 24);
        long span = TimeUnit.NANOSECONDS.toMillis(reads.get(reads.size() - 1).atNanos() - reads.get(0).atNanos());
        // 23 gaps of 40,000 µs; a late read of the first piece may shorten the span, by less than one gap
        assertThat(span).as("first to last piece").isGreaterThanOrEqualTo(22 * 40);
    }
}
