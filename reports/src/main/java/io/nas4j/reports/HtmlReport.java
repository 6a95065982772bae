package io.nas4j.reports;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no network) with
 * the summary, plots of best-so-far accuracy, accuracy against MACs with the Pareto front, the
 * validation curves of the top candidates, the top-k table and the failures.
 */
final class HtmlReport {

  private static final int CURVES = 5;

  private HtmlReport() {}

  static String render(RunReport report, int topK) {
    JournalHeader h = report.journal().header();
    StringBuilder out = new StringBuilder();
    out.append(
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>nas4j run %s</title>
        <style>
        body{font-family:sans-serif;margin:24px;color:#222;max-width:1340px}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}
        td.n{text-align:right}code{font-size:12px}.plots{display:flex;flex-wrap:wrap;gap:12px}
        svg.plot{border:1px solid #ddd;background:#fff}
        </style></head><body>
        """
            .formatted(Svg.escape(h.runId())));
    out.append("<h1>nas4j run ").append(Svg.escape(h.runId())).append("</h1>\n<pre>");
    String markdown = Renderers.markdown(report, 0);
    out.append(
        Svg.escape(markdown.substring(markdown.indexOf("\n\n") + 2, markdown.indexOf("## "))));
    out.append("</pre>\n<div class=\"plots\">\n");
    out.append(bestSoFar(report));
    out.append(overTime(report));
    out.append(accuracyVsMacs(report));
    out.append(curves(report));
    out.append("</div>\n<h2>Top ")
        .append(Math.min(topK, report.ranking().size()))
        .append("</h2>\n");
    boolean rungs = h.spec().rungs().any();
    out.append(
        "<table id=\"top\"><tr><th>rank</th>"
            + (rungs ? "<th>rung</th>" : "")
            + "<th>val acc</th>"
            + (rungs ? "<th>by rung</th>" : "")
            + "<th>epoch</th><th>params</th>"
            + "<th>MACs</th><th>seconds</th><th>front</th><th>notation</th></tr>\n");
    for (RunReport.Row row : report.ranking().subList(0, Math.min(topK, report.ranking().size()))) {
      EvaluationResult r = row.candidate().result();
      out.append(
          String.format(
              Locale.ROOT,
              "<tr><td class=\"n\">%d</td>%s<td class=\"n\">%.4f</td>%s<td class=\"n\">%d/%d</td>"
                  + "<td class=\"n\">%,d</td><td class=\"n\">%,d</td><td class=\"n\">%.1f</td>"
                  + "<td>%s</td><td><code>%s</code></td></tr>%n",
              row.rank(),
              rungs ? "<td class=\"n\">" + row.candidate().rung() + "</td>" : "",
              r.bestValAccuracy(),
              rungs ? "<td>" + Svg.escape(Renderers.byRung(row, " → ")) + "</td>" : "",
              r.bestEpoch().orElse(0),
              r.epochsRun(),
              r.params(),
              r.macs(),
              r.seconds(),
              (row.paretoMacs() ? "M" : "") + (row.paretoParams() ? "P" : ""),
              Svg.escape(row.candidate().architecture().notation())));
    }
    out.append("</table>\n<h2>Final trainings (nas train)</h2>\n");
    out.append(retrainings(report));
    out.append("<h2>Evidence for the design questions</h2>\n");
    out.append(
        "<p>Observational: candidates differ in more than the compared choice; read the"
            + " intervals.</p>\n<ul id=\"evidence\">\n");
    for (Evidence.Finding e : report.evidence()) {
      out.append("<li>").append(Svg.escape(e.text())).append("</li>\n");
    }
    out.append("</ul>\n<h2>Gene importance</h2>\n");
    if (report.importance().isEmpty()) {
      out.append("<p>Not enough data.</p>\n");
    } else {
      out.append(
          "<p>Share of the variance of validation accuracy each gene explains alone (eta squared"
              + " over the candidates where it is active).</p>\n<table id=\"importance\"><tr>"
              + "<th>gene</th><th>eta squared</th><th>candidates</th><th>choices</th><th>effect</th></tr>\n");
      for (GeneImportance.Importance i : report.importance()) {
        out.append(
            String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td class=\"n\">%.3f</td><td class=\"n\">%d</td>"
                    + "<td class=\"n\">%d</td><td><div style=\"background:#1f77b4;height:10px;"
                    + "width:%.0fpx\"></div></td></tr>%n",
                Svg.escape(i.gene()),
                i.etaSquared(),
                i.n(),
                i.choices(),
                i.etaSquared() * 300));
      }
      out.append("</table>\n");
    }
    out.append("<h2>Failures</h2>\n");
    if (report.failures().isEmpty()) {
      out.append("<p>None.</p>\n");
    } else {
      out.append("<table id=\"failures\"><tr><th>reason</th><th>candidates</th></tr>\n");
      report
          .failures()
          .forEach(
              (reason, count) ->
                  out.append("<tr><td>")
                      .append(Svg.escape(reason))
                      .append("</td><td class=\"n\">")
                      .append(count)
                      .append("</td></tr>\n"));
      out.append("</table>\n");
    }
    out.append("</body></html>\n");
    return out.toString();
  }

  private static String bestSoFar(RunReport report) {
    List<Svg.Point> best = new ArrayList<>();
    List<Svg.Point> each = new ArrayList<>();
    int n = 0;
    for (CandidateEntry c : report.journal().candidates()) {
      Status s = c.result().status();
      if (s == Status.OK || s == Status.PRUNED) {
        n++;
        each.add(new Svg.Point(n, c.result().bestValAccuracy()));
        best.add(new Svg.Point(n, report.bestSoFar().get(n - 1)));
      }
    }
    double[] y = range(each);
    Svg svg =
        new Svg(
            "Best validation accuracy so far",
            "trained candidates",
            "validation accuracy",
            1,
            Math.max(2, n),
            y[0],
            y[1],
            false);
    each.forEach(p -> svg.point(p, "#9ecae1", "candidate " + (int) p.x()));
    svg.polyline(best, Svg.COLOURS.get(0), "best");
    return svg.render("best-so-far");
  }

  /** Best accuracy at the end of each generation against the run's seconds. */
  private static String overTime(RunReport report) {
    List<Svg.Point> points = new ArrayList<>();
    for (var g : report.journal().generations()) {
      points.add(new Svg.Point(g.seconds() / 60, g.bestValAccuracy()));
    }
    double[] y = range(points);
    double maxX = points.stream().mapToDouble(Svg.Point::x).max().orElse(1);
    Svg svg =
        new Svg(
            "Best validation accuracy over time (per generation)",
            "minutes",
            "validation accuracy",
            0,
            Math.max(maxX, 0.1),
            y[0],
            y[1],
            false);
    points.forEach(p -> svg.point(p, Svg.COLOURS.get(0), "%.1f min".formatted(p.x())));
    svg.polyline(points, Svg.COLOURS.get(0), "best-over-time");
    return svg.render("best-over-time");
  }

  private static String accuracyVsMacs(RunReport report) {
    List<Svg.Point> all = new ArrayList<>();
    List<Svg.Point> front = new ArrayList<>();
    for (RunReport.Row row : report.ranking()) {
      EvaluationResult r = row.candidate().result();
      Svg.Point p = new Svg.Point(Math.max(1, r.macs()), r.bestValAccuracy());
      all.add(p);
      if (row.paretoMacs()) {
        front.add(p);
      }
    }
    front.sort(Comparator.comparingDouble(Svg.Point::x));
    double[] y = range(all);
    double minX = all.stream().mapToDouble(Svg.Point::x).min().orElse(1);
    double maxX = all.stream().mapToDouble(Svg.Point::x).max().orElse(10);
    Svg svg =
        new Svg(
            "Validation accuracy vs MACs (Pareto front in red)",
            "MACs per image (log scale)",
            "validation accuracy",
            minX / 1.2,
            maxX * 1.2,
            y[0],
            y[1],
            true);
    for (RunReport.Row row : report.ranking()) {
      EvaluationResult r = row.candidate().result();
      svg.point(
          new Svg.Point(Math.max(1, r.macs()), r.bestValAccuracy()),
          row.paretoMacs() ? Svg.COLOURS.get(1) : "#7f7f7f",
          "#" + row.rank() + " " + row.candidate().architecture().notation());
    }
    svg.polyline(front, Svg.COLOURS.get(1), "front");
    return svg.render("accuracy-vs-macs");
  }

  private static String curves(RunReport report) {
    List<RunReport.Row> top =
        report.ranking().subList(0, Math.min(CURVES, report.ranking().size()));
    int epochs = 1;
    List<Svg.Point> all = new ArrayList<>();
    for (RunReport.Row row : top) {
      for (EpochScore e : row.candidate().result().curve()) {
        all.add(new Svg.Point(e.epoch(), e.valAccuracy()));
        epochs = Math.max(epochs, e.epoch());
      }
    }
    double[] y = range(all);
    Svg svg =
        new Svg(
            "Validation curves of the top " + top.size(),
            "epoch",
            "validation accuracy",
            1,
            Math.max(2, epochs),
            y[0],
            y[1],
            false);
    for (int i = 0; i < top.size(); i++) {
      String colour = Svg.COLOURS.get(i % Svg.COLOURS.size());
      List<Svg.Point> points = new ArrayList<>();
      for (EpochScore e : top.get(i).candidate().result().curve()) {
        points.add(new Svg.Point(e.epoch(), e.valAccuracy()));
        svg.point(
            points.get(points.size() - 1), colour, "#" + top.get(i).rank() + " epoch " + e.epoch());
      }
      svg.polyline(points, colour, "curve");
      svg.legend(i, "#" + top.get(i).rank(), colour);
    }
    return svg.render("curves");
  }

  /** A y range with a margin, from the points (0..1 when there are none). */
  private static double[] range(List<Svg.Point> points) {
    double min = points.stream().mapToDouble(Svg.Point::y).min().orElse(0);
    double max = points.stream().mapToDouble(Svg.Point::y).max().orElse(1);
    double pad = Math.max(0.01, (max - min) * 0.1);
    return new double[] {Math.max(0, min - pad), Math.min(1, max + pad)};
  }

  /** The final trainings' table, or a line saying there are none. */
  private static String retrainings(RunReport report) {
    StringBuilder out = new StringBuilder();
    if (report.retrainings().isEmpty()) {
      out.append(
          "<p>None yet: <code>nas train RUN</code> retrains the best architecture on the full"
              + " training data and measures its test accuracy.</p>\n");
    } else {
      out.append(
          "<table id=\"trainings\"><tr><th>folder</th><th>kind</th><th>rank</th>"
              + "<th>search val acc</th><th>test acc</th><th>with flip TTA</th><th>ensemble</th>"
              + "<th>training</th><th>notation</th></tr>\n");
      java.util.Map<String, Integer> ranks = report.ranks();
      java.util.Map<String, Double> accuracy = report.searchAccuracies();
      for (Retraining t : report.retrainings()) {
        List<String> cells = t.cells(ranks, accuracy);
        out.append("<tr>");
        for (int c = 0; c < cells.size(); c++) {
          String cell = Svg.escape(cells.get(c));
          boolean text = c == 0 || c == 1 || c >= cells.size() - 2;
          out.append(text ? "<td>" : "<td class=\"n\">")
              .append(c == cells.size() - 1 ? "<code>" + cell + "</code>" : cell)
              .append("</td>");
        }
        out.append("</tr>\n");
      }
      out.append("</table>\n");
    }
    report
        .fidelity()
        .ifPresent(
            f ->
                out.append("<p id=\"fidelity\"><b>Rank fidelity:</b> ")
                    .append(Svg.escape(f.text()))
                    .append("</p>\n"));
    for (String problem : report.unreadable()) {
      out.append("<p>Not shown: ").append(Svg.escape(problem)).append("</p>\n");
    }
    return out.toString();
  }
}
