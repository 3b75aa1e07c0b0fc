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
        int n = Math.max(1, aps.size());
        double rowH = Math.min(12, PANEL_ROWS_HEIGHT / n);
        double height = rowH * n;
        long t0 = aps.stream().mapToLong(a -> a.prepareStart() >= 0 ? a.prepareStart() : a.kick()).min().orElse(0);
        sb.append(text(LEFT, top + 14, 13, "bold", esc(p.title())));
        double rowsTop = top + 22;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#f7f7f7\"/>%n",
                LEFT, rowsTop, span * scale, height));
        for (int i = 0; i < aps.size(); i++) {
            ApTimeline a = aps.get(i);
            double ry = rowsTop + i * rowH;
            bar(sb, PREPARE, a.prepareStart(), a.kick(), t0, scale, ry, rowH);
            bar(sb, FIRMWARE, a.kick(), a.alive(), t0, scale, ry, rowH);
            bar(sb, WAITING, a.alive(), a.release(), t0, scale, ry, rowH);
            bar(sb, STARTING, a.release(), a.onlineIdle(), t0, scale, ry, rowH);
            bar(sb, HANDOFF, a.onlineIdle(), a.onlineStart(), t0, scale, ry, rowH);
            bar(sb, ONLINE, a.onlineStart(), a.onlineEnd(), t0, scale, ry, rowH);
        }
        cpuLabels(sb, aps, rowsTop, rowH);
        axis(sb, rowsTop + height, scale, span);
        return rowsTop + height + 36;
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

    private static void cpuLabels(StringBuilder sb, List<ApTimeline> aps, double top, double rowH) {
        if (aps.isEmpty()) {
            return;
        }
        int step = Math.max(1, (int) Math.ceil(14 / rowH));
        for (int i = 0; i < aps.size(); i += step) {
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\">CPU %d</text>%n",
                    LEFT - 6, top + i * rowH + Math.min(rowH, 10), aps.get(i).cpu()));
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
