package io.nas4j.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evidence as a forest plot (inline SVG, no script): one row per design question with its
 * effect, 95% interval and n, a line at zero; contrasts (difference of mean validation accuracy)
 * and correlations (Spearman's rho) in two panels with their own axes. Questions without enough
 * data keep their row, with the reason instead of a marker.
 */
final class ForestPlot {

  private static final int WIDTH = 860;
  private static final int LABEL = 330;
  private static final int PLOT = 330;
  private static final int ROW = 32;
  private static final int HEAD = 44;
  private static final int AXIS = 30;

  /**
   * One row: a label and a smaller second line, the effect with its interval (NaN: none, {@code
   * missing} is shown instead), the text right of the plot, and the tooltip.
   */
  record Row(
      String label,
      String sublabel,
      double effect,
      double low,
      double high,
      String right,
      String missing,
      String tooltip) {}

  private ForestPlot() {}

  /** The evidence: contrasts and trends in two panels. */
  static String render(List<Evidence.Finding> findings) {
    List<Row> contrasts =
        findings.stream().filter(f -> f.kind().equals("contrast")).map(ForestPlot::row).toList();
    List<Row> trends =
        findings.stream().filter(f -> !f.kind().equals("contrast")).map(ForestPlot::row).toList();
    StringBuilder body = new StringBuilder();
    int y = 0;
    if (!contrasts.isEmpty()) {
      y =
          panel(
              body,
              y,
              contrasts,
              "Contrasts: difference of mean validation accuracy (A - B)",
              0.01);
    }
    if (!trends.isEmpty()) {
      y = panel(body, y, trends, "Trends: Spearman's rho with validation accuracy", 1);
    }
    return svg("forest", body, y);
  }

  /** An ablation's answers: paired differences (variant minus base) in one panel. */
  static String answers(String id, List<Answers.Answer> answers) {
    List<Row> rows = new ArrayList<>();
    for (Answers.Answer a : answers) {
      String change = Answers.cost(a.macsBase(), a.macsVariant());
      rows.add(
          new Row(
              a.variant().map(v -> v + " - base").orElse("does not apply"),
              a.question().title(),
              a.n() >= 2 ? a.mean() : Double.NaN,
              a.low(),
              a.high(),
              a.variant().isPresent() ? "n " + a.n() + ", " + change : "",
              a.variant().isPresent() ? (a.n() == 1 ? "one seed" : "not trained yet") : "n/a",
              a.sentence()));
    }
    StringBuilder body = new StringBuilder();
    int y = panel(body, 0, rows, "Paired difference of validation accuracy (variant - base)", 0.01);
    return svg(id, body, y);
  }

  private static Row row(Evidence.Finding f) {
    return new Row(
        f.question(),
        f.measure(),
        f.effect(),
        f.low(),
        f.high(),
        "n " + f.n(),
        "not enough data",
        f.text());
  }

  private static String svg(String id, StringBuilder body, int height) {
    return String.format(
        Locale.ROOT,
        "<svg id=\"%s\" class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
            + " height=\"%d\" viewBox=\"0 0 %d %d\">%n%s</svg>%n",
        id,
        WIDTH,
        height,
        WIDTH,
        height,
        body);
  }

  /** Draws one panel from {@code top} down; returns the y below it. */
  private static int panel(
      StringBuilder out, int top, List<Row> rows, String title, double minExtent) {
    double extent = minExtent;
    for (Row f : rows) {
      if (!Double.isNaN(f.effect()) && !Double.isNaN(f.low())) {
        extent = Math.max(extent, Math.max(Math.abs(f.low()), Math.abs(f.high())));
      }
    }
    Ticks ticks = Ticks.linear(-extent, extent, 6);
    double min = Math.min(-extent, ticks.values().get(0));
    double max = Math.max(extent, ticks.values().get(ticks.values().size() - 1));
    int bottom = top + HEAD + rows.size() * ROW;
    text(out, 8, top + 20, title, "start", 13, "bold");
    for (double v : ticks.values()) {
      double x = x(v, min, max);
      line(out, x, top + HEAD - 6, x, bottom, v == 0 ? "#444" : "#e5e5e5");
      text(out, x, bottom + 14, ticks.label(v), "middle", 10, "normal");
    }
    for (int i = 0; i < rows.size(); i++) {
      Row f = rows.get(i);
      double cy = top + HEAD + i * ROW + ROW / 2.0;
      out.append("<g><title>").append(Svg.escape(f.tooltip())).append("</title>\n");
      text(out, LABEL - 8, cy - 2, shorten(f.label(), 50), "end", 12, "normal");
      text(out, LABEL - 8, cy + 11, shorten(f.sublabel(), 60), "end", 10, "grey");
      text(out, LABEL + PLOT + 8, cy + 4, f.right(), "start", 11, "normal");
      if (!Double.isNaN(f.effect()) && !Double.isNaN(f.low())) {
        boolean clear = f.low() > 0 || f.high() < 0;
        String colour = clear ? "#1f77b4" : "#7f7f7f";
        line(out, x(f.low(), min, max), cy, x(f.high(), min, max), cy, colour);
        out.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>%n",
                x(f.effect(), min, max) - 3.5,
                cy - 3.5,
                colour));
      } else {
        text(out, LABEL + 8, cy + 4, f.missing(), "start", 11, "italic");
      }
      out.append("</g>\n");
    }
    return bottom + AXIS;
  }

  private static double x(double v, double min, double max) {
    return LABEL + (v - min) / (max - min) * PLOT;
  }

  /** At most {@code max} characters, which fit left of the plot at the font size used. */
  private static String shorten(String label, int max) {
    return label.length() <= max ? label : label.substring(0, max - 1) + "…";
  }

  private static void line(
      StringBuilder out, double x1, double y1, double x2, double y2, String colour) {
    out.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"1.5\"/>%n",
            x1,
            y1,
            x2,
            y2,
            colour));
  }

  private static void text(
      StringBuilder out, double x, double y, String text, String anchor, int size, String style) {
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s</text>%n",
            x,
            y,
            anchor,
            size,
            switch (style) {
              case "bold" -> " font-weight=\"bold\"";
              case "italic" -> " font-style=\"italic\" fill=\"#777\"";
              case "grey" -> " fill=\"#666\"";
              default -> "";
            },
            Svg.escape(text)));
  }
}
