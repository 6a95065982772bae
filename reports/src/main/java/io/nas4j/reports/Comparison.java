package io.nas4j.reports;

import io.nas4j.space.journal.JournalHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs side by side (e.g. evolution against the random control): the best candidate of each, the
 * difference of each run's best accuracy to the first run's, and their best-so-far curves on one
 * plot. Rendered as Markdown and as a self-contained HTML page.
 */
public final class Comparison {

  private Comparison() {}

  public static String markdown(List<RunReport> runs) {
    StringBuilder out = new StringBuilder("# nas4j runs compared\n\n");
    out.append(
        "| run | strategy | seed | trained | best val acc | vs first | best candidate |\n"
            + "|---|---|---:|---:|---:|---:|---|\n");
    double first = best(runs.get(0));
    for (RunReport run : runs) {
      JournalHeader h = run.journal().header();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %.4f | %+.4f | `%s` |%n",
              h.runId(),
              h.spec().search().strategy().id(),
              h.spec().seed(),
              run.bestSoFar().size(),
              best(run),
              best(run) - first,
              run.ranking().isEmpty()
                  ? "-"
                  : run.ranking()
                      .get(0)
                      .candidate()
                      .architecture()
                      .notation()
                      .replace("|", "\\|")));
    }
    out.append(
        "\nOne run per strategy is one sample: repeat with other seeds before calling a"
            + " difference real.\n");
    return out.toString();
  }

  public static String html(List<RunReport> runs) {
    int n = 1;
    for (RunReport run : runs) {
      n = Math.max(n, run.bestSoFar().size());
    }
    List<Svg.Point> all = new ArrayList<>();
    runs.forEach(r -> r.bestSoFar().forEach(b -> all.add(new Svg.Point(1, b))));
    double low = all.stream().mapToDouble(Svg.Point::y).min().orElse(0);
    double high = all.stream().mapToDouble(Svg.Point::y).max().orElse(1);
    double pad = Math.max(0.01, (high - low) * 0.1);
    Svg svg =
        new Svg(
            "Best validation accuracy so far",
            "trained candidates",
            "validation accuracy",
            1,
            Math.max(2, n),
            Math.max(0, low - pad),
            Math.min(1, high + pad),
            false);
    for (int i = 0; i < runs.size(); i++) {
      List<Svg.Point> points = new ArrayList<>();
      List<Double> best = runs.get(i).bestSoFar();
      for (int k = 0; k < best.size(); k++) {
        points.add(new Svg.Point(k + 1, best.get(k)));
      }
      String colour = Svg.COLOURS.get(i % Svg.COLOURS.size());
      svg.polyline(points, colour, "run");
      svg.legend(i, runs.get(i).journal().header().runId(), colour);
    }
    String table = markdownTableToHtml(markdown(runs));
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>nas4j runs compared</title><style>body{font-family:sans-serif;margin:24px}"
        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;"
        + "padding:3px 6px}</style></head><body>\n<h1>nas4j runs compared</h1>\n"
        + svg.render("compare")
        + table
        + "</body></html>\n";
  }

  private static String markdownTableToHtml(String markdown) {
    StringBuilder out = new StringBuilder("<table>\n");
    for (String line : markdown.lines().toList()) {
      if (!line.startsWith("|") || line.startsWith("|---")) {
        continue;
      }
      String cells = line.substring(1, line.length() - 1).replace("\\|", "\u0000");
      out.append("<tr>");
      for (String cell : cells.split("\\|")) {
        out.append("<td>")
            .append(Svg.escape(cell.strip().replace("\u0000", "|").replace("`", "")))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</table>\n").toString();
  }

  private static double best(RunReport run) {
    return run.bestSoFar().isEmpty() ? 0 : run.bestSoFar().get(run.bestSoFar().size() - 1);
  }
}
