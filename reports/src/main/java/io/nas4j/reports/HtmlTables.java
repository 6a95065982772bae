package io.nas4j.reports;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Training;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tables of report.html, complete without a script: the leaderboard of all candidates (the
 * script sorts and filters it, using each cell's {@code data-v}), the final trainings, the gene
 * importance with its bootstrap band, and the failures.
 */
final class HtmlTables {

  private HtmlTables() {}

  /** All candidates at their highest rung: the ranked ones in rank order, then the others. */
  static String leaderboard(RunReport report) {
    boolean rungs = report.journal().header().spec().rungs().any();
    StringBuilder out = new StringBuilder();
    out.append("<table id=\"leaderboard\"><thead><tr>");
    List<String> heads = new ArrayList<>(List.of("rank", "status"));
    if (rungs) {
      heads.add("rung");
    }
    heads.add("val acc");
    if (rungs) {
      heads.add("by rung");
    }
    heads.addAll(
        List.of(
            "epoch",
            "params",
            "MACs",
            "seconds",
            "optimizer",
            "learning rate",
            "batch",
            "key",
            "notation"));
    for (int i = 0; i < heads.size(); i++) {
      out.append("<th data-col=\"").append(i).append("\">").append(heads.get(i)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    Map<String, RunReport.Row> rows =
        report.ranking().stream()
            .collect(Collectors.toMap(r -> r.candidate().key(), r -> r, (a, b) -> a));
    List<CandidateEntry> ordered = new ArrayList<>();
    report.ranking().forEach(r -> ordered.add(r.candidate()));
    report.journal().latest().stream()
        .filter(c -> !rows.containsKey(c.key()))
        .forEach(ordered::add);
    for (CandidateEntry c : ordered) {
      RunReport.Row row = rows.get(c.key());
      EvaluationResult r = c.result();
      Training t = c.architecture().training();
      boolean trained = row != null;
      out.append("<tr data-key=\"").append(c.key()).append("\">");
      cell(out, trained ? String.valueOf(row.rank()) : "—", trained ? row.rank() : 1e9);
      out.append("<td>").append(r.status().id()).append("</td>");
      if (rungs) {
        cell(out, String.valueOf(c.rung()), c.rung());
      }
      cell(
          out,
          trained ? number("%.4f", r.bestValAccuracy()) : "—",
          trained ? r.bestValAccuracy() : -1);
      if (rungs) {
        out.append("<td class=\"nowrap\">")
            .append(trained ? Svg.escape(Renderers.byRung(row, " → ")) : "")
            .append("</td>");
      }
      cell(out, r.bestEpoch().orElse(0) + "/" + r.epochsRun(), r.bestEpoch().orElse(0));
      cell(out, number("%,d", r.params()), r.params());
      cell(out, number("%,d", r.macs()), r.macs());
      cell(out, number("%.1f", r.seconds()), r.seconds());
      out.append("<td>").append(t.optimizer().id()).append("</td>");
      cell(out, Renderers.number(t.learningRate()), t.learningRate());
      cell(out, String.valueOf(t.batchSize()), t.batchSize());
      out.append("<td><code>")
          .append(c.key())
          .append("</code></td><td><code>")
          .append(Svg.escape(c.architecture().notation()))
          .append("</code></td></tr>\n");
    }
    out.append("</tbody></table>\n");
    return out.toString();
  }

  /** Gene importance with its 95% bootstrap band, and the genes with too few candidates. */
  static String importance(RunReport report) {
    StringBuilder out = new StringBuilder();
    List<GeneImportance.Importance> all = report.importance();
    if (!all.isEmpty()) {
      out.append(
          "<p>Share of the variance of validation accuracy each gene explains alone (eta squared"
              + " over the candidates where it is active; the bar is the estimate, the band its 95%"
              + " bootstrap interval: a wide band means too few candidates to say).</p>\n"
              + "<div class=\"scroll\"><table id=\"importance\"><tr><th>gene</th>"
              + "<th>eta squared</th><th>95% interval</th><th>candidates</th><th>choices</th>"
              + "<th class=\"band\">0 … 1</th></tr>\n");
      for (GeneImportance.Importance i : all) {
        out.append(
            String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td class=\"n\">%.3f</td><td class=\"n\">[%.3f, %.3f]</td>"
                    + "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"band\">"
                    + "<div class=\"track\"><div class=\"ci\" style=\"left:%.1f%%;width:%.1f%%\">"
                    + "</div><div class=\"est\" style=\"left:%.1f%%\"></div></div></td></tr>%n",
                Svg.escape(i.gene()),
                i.etaSquared(),
                i.low(),
                i.high(),
                i.n(),
                i.choices(),
                i.low() * 100,
                Math.max(0.5, (i.high() - i.low()) * 100),
                i.etaSquared() * 100));
      }
      out.append("</table></div>\n");
    }
    Set<String> estimated =
        all.stream().map(GeneImportance.Importance::gene).collect(Collectors.toSet());
    List<String> tooFew =
        SearchSpace.of(report.journal().header().spec()).genes().stream()
            .map(g -> g.name())
            .filter(g -> !estimated.contains(g))
            .toList();
    if (!tooFew.isEmpty()) {
      out.append("<p class=\"note\">n too small (fewer than ")
          .append(GeneImportance.MIN_CANDIDATES)
          .append(" trained candidates in which the gene is active, or one choice only): ")
          .append(Svg.escape(String.join(", ", tooFew)))
          .append(".</p>\n");
    }
    return out.toString();
  }

  static String failures(RunReport report) {
    if (report.failures().isEmpty()) {
      return "<p>None.</p>\n";
    }
    StringBuilder out = new StringBuilder();
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
    return out.append("</table>\n").toString();
  }

  /** The final trainings' table, or a line saying there are none. */
  static String retrainings(RunReport report) {
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

  private static void cell(StringBuilder out, String text, double sortValue) {
    out.append("<td class=\"n\" data-v=\"")
        .append(number("%.6g", sortValue))
        .append("\">")
        .append(text)
        .append("</td>");
  }

  private static String number(String format, Object value) {
    return String.format(Locale.ROOT, format, value);
  }
}
