package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
    private final ByteSizeConverter converter = new ByteSizeConverter();

    @Test
    void readsSizesAsXmxDoes() {
        assertThat(converter.convert("1k")).isEqualTo(1024L);
        assertThat(converter.convert("512m")).isEqualTo(512L << 20);
        assertThat(converter.convert("2G")).isEqualTo(2L << 30);
        assertThat(converter.convert("4096")).isEqualTo(4096L);
    }

    @Test
    void refusesWhatIsNotASize() {
        assertThatThrownBy(() -> converter.convert("2gb")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("512m, 2g");
        assertThatThrownBy(() -> converter.convert("999999999999999999g")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("more memory");
    }
}
