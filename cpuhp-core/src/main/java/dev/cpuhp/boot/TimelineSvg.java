package dev.cpuhp.boot;

import java.util.List;
import java.util.Locale;

/**
 * Draws bringups as an SVG timeline: one panel per run, stacked (serial above parallel), CPUs
 * down and time across on one scale for all panels, so the panels' widths compare the runs.
 * Each AP's row shows what it was doing: prepared by the control CPU, starting on its own
 * (firmware, microcode), waiting to be released, its STARTING section, its ONLINE section.
 */
public final class TimelineSvg {
    /** One panel. */
    public record Panel(String title, BootRun run) {
    }

    private static final int WIDTH = 1200;
    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final double PANEL_ROWS_HEIGHT = 330;

    private record Phase(String label, String color) {
    }

    private static final Phase PREPARE = new Phase("prepared by the control CPU", "#4e79a7");
    private static final Phase FIRMWARE = new Phase("AP starting on its own: firmware, microcode", "#f28e2b");
    private static final Phase WAITING = new Phase("alive, waiting to be released", "#d9d9d9");
    private static final Phase STARTING = new Phase("STARTING section (atomic)", "#e15759");
    private static final Phase HANDOFF = new Phase("online-idle, hotplug thread not yet running", "#bab0ac");
    private static final Phase ONLINE = new Phase("ONLINE section (hotplug thread)", "#59a14f");
    private static final List<Phase> PHASES = List.of(PREPARE, FIRMWARE, WAITING, STARTING, HANDOFF, ONLINE);

    private TimelineSvg() {
    }

    public static String render(String heading, List<Panel> panels) {
        long span = 1;
        for (Panel p : panels) {
            span = Math.max(span, p.run().totalNanos());
        }
        double plot = WIDTH - LEFT - RIGHT;
        double scale = plot / span;
        StringBuilder body = new StringBuilder();
        double y = 46;
        for (Panel p : panels) {
            y = panel(body, p, y, scale, span);
        }
        y = legend(body, y + 8);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
                        + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, y + 10, WIDTH, y + 10));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 24, 16, "bold", esc(heading)));
        svg.append(body);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double panel(StringBuilder sb, Panel p, double top, double scale, long span) {
        List<ApTimeline> aps = p.run().aps();
        List<TimelineRows.Row> rows = TimelineRows.of(aps);
        int n = Math.max(1, rows.size());
        // Grouped panels get rows tall enough to label each one (and the slowest APs' numbers).
        double rowH = aps.size() > TimelineRows.MAX_INDIVIDUAL ? 7 : Math.min(12, PANEL_ROWS_HEIGHT / n);
        double height = rowH * n;
        long t0 = aps.stream().mapToLong(a -> a.prepareStart() >= 0 ? a.prepareStart() : a.kick()).min().orElse(0);
        String title = p.title();
        if (aps.size() > TimelineRows.MAX_INDIVIDUAL) {
            title += String.format(Locale.ROOT, "  (%d APs: groups shaded by the share of their CPUs in each phase,"
                    + " then the %d slowest APs)", aps.size(), TimelineRows.SLOWEST);
        }
        sb.append(text(LEFT, top + 14, 13, "bold", esc(title)));
        double rowsTop = top + 22;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#f7f7f7\"/>%n",
                LEFT, rowsTop, span * scale, height));
        for (int i = 0; i < rows.size(); i++) {
            double ry = rowsTop + i * rowH;
            switch (rows.get(i)) {
                case TimelineRows.Single s -> {
                    long[] b = bounds(s.ap());
                    for (int ph = 0; ph < PHASES.size(); ph++) {
                        bar(sb, PHASES.get(ph), b[2 * ph], b[2 * ph + 1], t0, scale, ry, rowH);
                    }
                }
                case TimelineRows.Group g -> shares(sb, g.aps(), t0, scale, span, ry, rowH);
            }
        }
        cpuLabels(sb, rows, rowsTop, rowH);
        axis(sb, rowsTop + height, scale, span);
        return rowsTop + height + 36;
    }

    /** Each phase's [from, to) for one AP, in {@link #PHASES} order; -1 where the trace has no point. */
    private static long[] bounds(ApTimeline a) {
        return new long[] {a.prepareStart(), a.kick(), a.kick(), a.alive(), a.alive(), a.release(),
                a.release(), a.onlineIdle(), a.onlineIdle(), a.onlineStart(), a.onlineStart(), a.onlineEnd()};
    }

    /** Heights are rounded to this fraction of a row, so runs of equal columns merge into one rect. */
    private static final int LEVELS = 8;

    /**
     * A group's row: in each pixel column, the phases stacked by the share of the group's CPU
     * time spent in each; equal neighbouring columns are drawn as one rect.
     */
    private static void shares(StringBuilder sb, List<ApTimeline> aps, long t0, double scale, long span, double y, double h) {
        int cols = (int) Math.ceil(span * scale) + 1;
        double[][] busy = new double[PHASES.size()][cols];
        for (ApTimeline a : aps) {
            long[] b = bounds(a);
            for (int ph = 0; ph < PHASES.size(); ph++) {
                long from = b[2 * ph];
                long to = b[2 * ph + 1];
                if (from >= 0 && to > from) {
                    spread(busy[ph], (from - t0) * scale, (to - t0) * scale);
                }
            }
        }
        int[][] level = new int[PHASES.size()][cols];
        for (int c = 0; c < cols; c++) {
            for (int ph = 0; ph < PHASES.size(); ph++) {
                // Rounded up: one CPU of 128 in a phase still shows (a serial boot's groups are mostly idle).
                level[ph][c] = (int) Math.ceil(Math.min(1, busy[ph][c] / aps.size()) * LEVELS - 1e-9);
            }
        }
        for (int c = 0; c < cols; ) {
            int end = c + 1;
            while (end < cols && sameColumn(level, c, end)) {
                end++;
            }
            double base = y + h * 0.95;
            for (int ph = 0; ph < PHASES.size(); ph++) {
                if (level[ph][c] > 0) {
                    double hh = h * 0.9 * level[ph][c] / LEVELS;
                    base -= hh;
                    sb.append(String.format(Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\"/>%n",
                            LEFT + (double) c, base, end - c, hh, PHASES.get(ph).color()));
                }
            }
            c = end;
        }
    }

    /** Adds the overlap of [x0, x1) with each unit column to {@code cols}, in columns (1 = a whole column). */
    private static void spread(double[] cols, double x0, double x1) {
        int first = Math.max(0, (int) Math.floor(x0));
        int last = Math.min(cols.length - 1, (int) Math.floor(x1));
        for (int c = first; c <= last; c++) {
            cols[c] += Math.max(0, Math.min(x1, c + 1) - Math.max(x0, c));
        }
    }

    private static boolean sameColumn(int[][] level, int a, int b) {
        for (int[] ph : level) {
            if (ph[a] != ph[b]) {
                return false;
            }
        }
        return true;
    }

    private static void bar(StringBuilder sb, Phase ph, long from, long to, long t0, double scale, double y, double h) {
        if (from < 0 || to <= from) {
            return;
        }
        double x = LEFT + (from - t0) * scale;
        double w = Math.max(0.3, (to - from) * scale);
        sb.append(String.format(Locale.ROOT,
                "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>%n",
                x, y, w, Math.max(0.2, h * 0.9), ph.color()));
    }

    private static void cpuLabels(StringBuilder sb, List<TimelineRows.Row> rows, double top, double rowH) {
        int step = Math.max(1, (int) Math.ceil(7 / rowH));
        for (int i = 0; i < rows.size(); i++) {
            TimelineRows.Row r = rows.get(i);
            boolean slowest = r instanceof TimelineRows.Single s && s.slowest();
            if (i % step != 0 && !slowest) {
                continue;
            }
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" font-size=\"%d\" fill=\"%s\">%s</text>%n",
                    LEFT - 6, top + i * rowH + Math.min(rowH, 9), rowH < 9 ? 7 : 10, slowest ? "#b00" : "#555",
                    esc(r.label())));
        }
    }

    private static void axis(StringBuilder sb, double y, double scale, long span) {
        double ms = span / 1e6;
        double tick = niceStep(ms / 8);
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#333\"/>%n",
                LEFT, y, LEFT + span * scale, y));
        for (double t = 0; t <= ms + 1e-9; t += tick) {
            double x = LEFT + t * 1e6 * scale;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#333\"/>%n",
                    x, y, x, y + 4));
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"10\">%s ms</text>%n",
                    x, y + 16, fmt(t)));
        }
    }

    private static double legend(StringBuilder sb, double y) {
        double x = LEFT;
        for (Phase ph : PHASES) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, y, ph.color()));
            sb.append(text(x + 16, y + 10, 11, "normal", esc(ph.label())));
            x += 22 + 6.2 * ph.label().length();
            if (x > WIDTH - 260) {
                x = LEFT;
                y += 18;
            }
        }
        return y + 18;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String fmt(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String text(double x, double y, int size, String weight, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
                x, y, size, weight, s);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
