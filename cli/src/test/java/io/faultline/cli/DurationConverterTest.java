package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsMillisecondsSecondsMinutesAndHours() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aNumberWithoutUnitIsRefusedWithExamples() {
        assertThatThrownBy(() -> converter.convert("60")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("500ms, 60s, 2m");
        assertThatThrownBy(() -> converter.convert("1.5s")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("99999999999999999999s")).isInstanceOf(TypeConversionException.class);
    }
}
