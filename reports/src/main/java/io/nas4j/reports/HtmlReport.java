package io.nas4j.reports;

import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.result.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code report.html}: one self-contained page (inline CSS, SVG and script; a Content Security
 * Policy forbids every request) with the summary, four plots, the leaderboard of all candidates
 * (sortable, filterable, each opening a detail view with its curves and layers), the genes against
 * accuracy in parallel coordinates whose brushes filter the leaderboard, the final trainings, the
 * evidence as a forest plot, the gene importance with bootstrap bands and the failures. The tables
 * and plots are complete with JavaScript off; the script only adds interaction.
 */
final class HtmlReport {

  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");

  private HtmlReport() {}

  static String render(RunReport report) {
    JournalHeader h = report.journal().header();
    String id = Svg.escape(h.runId());
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
        .append(sha256(SCRIPT))
        .append("'\">\n<title>nas4j run ")
        .append(id)
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style></head><body>\n<h1>nas4j run ")
        .append(id)
        .append("</h1>\n<nav><a href=\"#candidates\">leaderboard</a><a href=\"#genes\">genes</a>")
        .append("<a href=\"#trainings-head\">final trainings</a><a href=\"#evidence-head\">")
        .append("evidence</a><a href=\"#importance-head\">gene importance</a>")
        .append("<a href=\"#failures-head\">failures</a></nav>\n<pre class=\"summary\">");
    String markdown = Renderers.markdown(report, 0);
    out.append(
        Svg.escape(markdown.substring(markdown.indexOf("\n\n") + 2, markdown.indexOf("## "))));
    out.append("</pre>\n<div class=\"plots\">\n")
        .append(HtmlPlots.bestSoFar(report))
        .append(HtmlPlots.overTime(report))
        .append(HtmlPlots.accuracyVsMacs(report))
        .append(HtmlPlots.curves(report))
        .append("</div>\n");
    int all = report.journal().latest().size();
    out.append("<h2 id=\"candidates\">Leaderboard: all ")
        .append(all)
        .append(" candidates</h2>\n<p class=\"note\">Trained candidates first, ranked ")
        .append(
            report.journal().header().spec().rungs().any()
                ? "rung 1 or higher before rung 0, then by validation accuracy at the highest rung"
                    + " reached"
                : "by validation accuracy")
        .append("; then the failed and invalid ones. With JavaScript on: click a column to sort,")
        .append(" a row to open the")
        .append(" candidate.</p>\n<div id=\"controls\" hidden><input id=\"filter\" type=\"search\"")
        .append(" placeholder=\"filter: notation, key, status\" aria-label=\"filter\">")
        .append("<select id=\"status\" aria-label=\"status\"><option value=\"\">any status")
        .append("</option>");
    for (Status s : Status.values()) {
      out.append("<option>").append(s.id()).append("</option>");
    }
    out.append("</select><button id=\"clear\" type=\"button\">clear axis filters</button>")
        .append("<span id=\"shown\"></span></div>\n<section id=\"detail\" hidden></section>\n")
        .append("<div id=\"leaderboard-box\" class=\"scroll\">")
        .append(HtmlTables.leaderboard(report))
        .append("</div>\n<h2 id=\"genes\">Genes against accuracy</h2>\n<p class=\"note\">One")
        .append(" line per trained candidate, coloured by validation accuracy; a gene's (off)")
        .append(" means it does not change that network. Drag along an axis to keep only that")
        .append(" range (the leaderboard follows); click the axis to clear it.</p>\n")
        .append("<div class=\"scroll\"><svg id=\"parcoords\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("</svg></div>\n<noscript><p>The parallel coordinates need JavaScript.</p>")
        .append("</noscript>\n<h2 id=\"trainings-head\">Final trainings (nas train)</h2>\n")
        .append(HtmlTables.retrainings(report))
        .append(AnswerSections.html(report))
        .append("<h2 id=\"evidence-head\">Evidence for the design questions (observational)</h2>\n")
        .append("<p class=\"note\">Observational: candidates differ in more than the compared")
        .append(" choice. A blue row's 95% interval excludes zero; a grey one's does not.</p>\n")
        .append("<div class=\"scroll\">")
        .append(ForestPlot.render(report.evidence()))
        .append("</div>\n<ul id=\"evidence\">\n");
    for (Evidence.Finding e : report.evidence()) {
      out.append("<li>").append(Svg.escape(e.text())).append("</li>\n");
    }
    out.append("</ul>\n<h2 id=\"importance-head\">Gene importance</h2>\n")
        .append(HtmlTables.importance(report))
        .append("<h2 id=\"failures-head\">Failures</h2>\n")
        .append(HtmlTables.failures(report))
        .append("<script type=\"application/json\" id=\"nas4j-data\">")
        .append(PageData.json(report))
        .append("</script>\n<script>")
        .append(SCRIPT)
        .append("</script>\n</body></html>\n");
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base64 SHA-256 of the script, as a Content Security Policy source expects it. */
  static String sha256(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
