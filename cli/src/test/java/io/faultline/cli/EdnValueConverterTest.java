package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.Keyword;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class EdnValueConverterTest {
    private final EdnValueConverter converter = new EdnValueConverter();

    @Test
    void readsValuesAsHistoriesSpellThem() {
        assertThat(converter.convert("nil")).isNull();
        assertThat(converter.convert("0")).isEqualTo(0L);
        assertThat(converter.convert(":x")).isEqualTo(Keyword.of("x"));
        assertThat(converter.convert("\"\"")).isEqualTo("");
        assertThat(converter.convert("{:x 0 :y 0}")).isEqualTo(Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L));
    }

    @Test
    void refusesBrokenEmptyOrSeveralValues() {
        assertThatThrownBy(() -> converter.convert("{:x 0")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not an EDN value");
        assertThatThrownBy(() -> converter.convert("")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> converter.convert("0 1")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("more than one");
    }
}
