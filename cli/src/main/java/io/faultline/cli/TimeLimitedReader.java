package io.faultline.cli;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.Locale;

/**
 * A reader that stops with {@link OutOfTime} once its deadline has passed, so that {@code --time-limit}
 * covers reading a history as well as checking it: a gigabyte takes minutes to parse on a loaded
 * machine. The deadline is looked at on every read, and readers are buffered, so it costs nothing
 * noticeable.
 */
final class TimeLimitedReader extends FilterReader {
    private final long startNanos;
    private final long deadlineNanos;
    private long chars;

    TimeLimitedReader(Reader in, long startNanos, Duration limit) {
        super(in);
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + limit.toNanos();
    }

    /** The time limit ran out while the history was being read. */
    static final class OutOfTime extends IOException {
        OutOfTime(long chars, Duration elapsed) {
            super(String.format(Locale.ROOT, "the time limit ran out while reading the history: %,d characters read in %,d ms; "
                    + "raise --time-limit, which covers reading as well as checking", chars, elapsed.toMillis()));
        }
    }

    @Override
    public int read() throws IOException {
        check();
        int c = super.read();
        if (c >= 0) {
            chars++;
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        check();
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            chars += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        return super.skip(n);
    }

    private void check() throws OutOfTime {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            throw new OutOfTime(chars, Duration.ofNanos(now - startNanos));
        }
    }
}
