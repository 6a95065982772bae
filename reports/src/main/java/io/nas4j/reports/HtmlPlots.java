package io.nas4j.reports;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The four plots at the top of report.html (inline SVG, no script): best-so-far accuracy, best
 * accuracy over time, accuracy against MACs with the Pareto front, and the top candidates'
 * validation curves.
 */
final class HtmlPlots {

  private static final int CURVES = 5;

  private HtmlPlots() {}

  static String bestSoFar(RunReport report) {
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
  static String overTime(RunReport report) {
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

  static String accuracyVsMacs(RunReport report) {
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

  static String curves(RunReport report) {
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
}
