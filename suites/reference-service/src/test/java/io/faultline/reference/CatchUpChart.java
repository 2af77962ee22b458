package io.faultline.reference;

import java.util.List;
import java.util.Locale;

/**
 * {@link CatchUpTest}'s measurements as an SVG line chart: time from the restarted follower's start
 * until it caught up, against the entries it missed, both axes logarithmic, one line with
 * checkpoints and one without. Plain SVG so that README can show it without a renderer.
 */
final class CatchUpChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private CatchUpChart() {
    }

    static String svg(List<CatchUpTest.Measurement> results) {
        double minX = Math.log10(results.stream().mapToLong(CatchUpTest.Measurement::entries).min().orElse(1));
        double maxX = Math.log10(results.stream().mapToLong(CatchUpTest.Measurement::entries).max().orElse(10));
        double maxY = Math.ceil(Math.log10(results.stream().mapToLong(CatchUpChart::totalMs).max().orElse(10)));
        double minY = Math.floor(Math.log10(Math.max(1, results.stream().mapToLong(CatchUpChart::totalMs).min().orElse(1))));
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (double y = minY; y <= maxY; y++) {
            double py = TOP + plotH * (1 - (y - minY) / (maxY - minY));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, LEFT + plotW, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, py + 4, label(Math.pow(10, y), "ms")));
        }
        for (CatchUpTest.Measurement m : results) {
            if (m.checkpoints()) {
                double px = LEFT + plotW * (Math.log10(m.entries()) - minX) / (maxX - minX);
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 18, label(m.entries(), "")));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">entries the follower missed (and held)</text>%n", LEFT + plotW / 2, HEIGHT - 8));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">start → caught up</text>%n", TOP + plotH / 2, TOP + plotH / 2));
        String[][] series = {{"true", "#1f77b4", "checkpoints every 100"}, {"false", "#d62728", "no checkpoints"}};
        for (int i = 0; i < series.length; i++) {
            boolean checkpoints = Boolean.parseBoolean(series[i][0]);
            StringBuilder points = new StringBuilder();
            for (CatchUpTest.Measurement m : results) {
                if (m.checkpoints() == checkpoints) {
                    double px = LEFT + plotW * (Math.log10(m.entries()) - minX) / (maxX - minX);
                    double py = TOP + plotH * (1 - (Math.log10(Math.max(1, totalMs(m))) - minY) / (maxY - minY));
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, series[i][1]));
                }
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", points.toString().trim(), series[i][1]));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    LEFT + plotW + 10, TOP + 10 + 18 * i, LEFT + plotW + 30, TOP + 10 + 18 * i, series[i][1], LEFT + plotW + 35, TOP + 14 + 18 * i, series[i][2]));
        }
        return s.append("</svg>\n").toString();
    }

    private static long totalMs(CatchUpTest.Measurement m) {
        return m.loadedMs() + m.caughtUpMs();
    }

    /** {@code 100 ms}, {@code 10 s} on the time axis; {@code 100}, {@code 10k} on the entries axis. */
    private static String label(double value, String unit) {
        if (unit.equals("ms") && value >= 1000) {
            return String.format(Locale.ROOT, "%,.0f s", value / 1000);
        }
        String number = value >= 1000 ? String.format(Locale.ROOT, "%.0fk", value / 1000) : String.format(Locale.ROOT, "%.0f", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
