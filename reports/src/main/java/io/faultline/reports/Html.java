package io.faultline.reports;

import java.util.Locale;

/** Escaping and number formats shared by the pages. */
final class Html {
    private Html() {
    }

    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Nanoseconds as milliseconds for people: "532 ms", "1,246 ms", "–" for none. */
    static String ms(long nanos) {
        return nanos < 0 ? "–" : String.format(Locale.ROOT, "%,d ms", Math.round(nanos / 1e6));
    }

    static String ms(Double millis) {
        return millis == null || millis.isNaN() ? "–" : String.format(Locale.ROOT, "%,d ms", Math.round(millis));
    }

    /** A run-clock instant as seconds since the run began: "12.345 s". */
    static String at(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    static String percent(double fraction) {
        return fraction < 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }
}
