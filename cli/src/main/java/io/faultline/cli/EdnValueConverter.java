package io.faultline.cli;

import io.faultline.checkers.history.Values;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Reads one EDN value, such as a model's initial state: {@code nil}, {@code 0}, {@code :x},
 * {@code {:x 0 :y 0}}. EDN because that is how the histories themselves spell values, so a value is
 * typed the same on the command line as in the file.
 */
final class EdnValueConverter implements ITypeConverter<Object> {
    private static final String EXAMPLES = "e.g. nil, 0, :x or '{:x 0 :y 0}' (quote it for the shell)";

    @Override
    public Object convert(String text) {
        Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
        Parseable in = Parsers.newParseable(text);
        Object value;
        try {
            value = parser.nextValue(in);
            if (value == Parser.END_OF_INPUT) {
                throw new TypeConversionException("an empty value; write one EDN value, " + EXAMPLES);
            }
            if (parser.nextValue(in) != Parser.END_OF_INPUT) {
                throw new TypeConversionException("'" + text + "' holds more than one EDN value; write one, "
                        + EXAMPLES);
            }
        } catch (EdnException e) {
            throw new TypeConversionException("'" + text + "' is not an EDN value (" + e.getMessage() + "); "
                    + EXAMPLES);
        }
        return Values.fromEdnObject(value);
    }
}
