package io.faultline.checkers.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faultline.checkers.history.HistoryException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that reading fails the way a user needs: at the right line, saying what is wrong, no stack trace. */
final class Problems {
    private Problems() {
    }

    static HistoryException assertFailsAt(String source, int line, ThrowingCallable read, String... saying) {
        HistoryException e = catchThrowableOfType(HistoryException.class, read);
        assertThat(e).as("a HistoryException").isNotNull();
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.getMessage())
                .startsWith(source + ":" + line + ": ")
                .contains(saying)
                .doesNotContain("Exception", "\tat ", "us.bpsm", "com.fasterxml");
        return e;
    }
}
