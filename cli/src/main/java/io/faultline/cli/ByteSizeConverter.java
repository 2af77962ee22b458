package io.faultline.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a memory size as the JVM's {@code -Xmx} does: {@code 512m}, {@code 2g}, {@code 64k}, or bytes. */
final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})([kmg]?)");

    @Override
    public Long convert(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a memory size; write a whole number and "
                    + "optionally k, m or g, as for -Xmx: 512m, 2g");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > Long.MAX_VALUE >> shift) {
            throw new TypeConversionException("'" + text + "' is more memory than a JVM can address");
        }
        return n << shift;
    }
}
