package io.nas4j.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The "Answers" section of the reports (Markdown, JSON, HTML): per ablation its base, budget and
 * cost, then one line per variant of each question, with the forest plot on the page.
 */
final class AnswerSections {

  private AnswerSections() {}

  private static String heading(Answers.Ablation a) {
    return String.format(
        Locale.ROOT,
        "Ablation `%s` of `%s` (%s): %d seed(s) per architecture, %d trainings, %.1f"
            + " training-minutes in all.",
        a.folder(),
        a.header().baseKey(),
        a.header().base().notation(),
        a.header().seeds().size(),
        a.trainings(),
        a.trainingSeconds() / 60);
  }

  static String markdown(RunReport report) {
    if (report.ablations().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("## Answers (controlled experiments)\n\n");
    out.append(
        "Each variant changes one choice of the base architecture; both trained with the same"
            + " seeds (same data order and initialisation where shapes allow) under one recipe."
            + " Paired difference of validation accuracy, variant minus base, with a 95% paired-t"
            + " interval (and a bootstrap interval below 10 seeds).\n\n");
    for (Answers.Ablation a : report.ablations()) {
      out.append(heading(a)).append("\n\n");
      for (Answers.Answer answer : a.answers()) {
        out.append("- ").append(answer.sentence());
        answer
            .bootstrap()
            .ifPresent(
                b ->
                    out.append(
                        String.format(
                            Locale.ROOT, "; bootstrap [%+.2f, %+.2f]", b[0] * 100, b[1] * 100)));
        if (answer.variant().isPresent()) {
          out.append(String.format(Locale.ROOT, "; %.1f training-minutes", answer.seconds() / 60));
        }
        out.append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  static void json(ObjectNode root, RunReport report) {
    ArrayNode ablations = root.putArray("ablations");
    for (Answers.Ablation a : report.ablations()) {
      ObjectNode n = ablations.addObject();
      n.put("folder", a.folder());
      n.put("baseKey", a.header().baseKey());
      n.put("baseNotation", a.header().base().notation());
      ArrayNode seeds = n.putArray("seeds");
      a.header().seeds().forEach(seeds::add);
      n.put("trainings", a.trainings());
      n.put("trainingSeconds", a.trainingSeconds());
      ArrayNode answers = n.putArray("answers");
      for (Answers.Answer answer : a.answers()) {
        ObjectNode x = answers.addObject();
        x.put("question", answer.question().id());
        x.put("title", answer.question().title());
        x.put("change", answer.question().change());
        if (answer.variant().isPresent()) {
          x.put("variant", answer.variant().get());
        } else {
          x.putNull("variant");
        }
        x.put("pairs", answer.n());
        number(x, "meanDifference", answer.mean());
        number(x, "low", answer.low());
        number(x, "high", answer.high());
        answer
            .bootstrap()
            .ifPresent(
                b -> {
                  x.put("bootstrapLow", b[0]);
                  x.put("bootstrapHigh", b[1]);
                });
        x.put("macsBase", answer.macsBase());
        x.put("macsVariant", answer.macsVariant());
        x.put("paramsBase", answer.paramsBase());
        x.put("paramsVariant", answer.paramsVariant());
        x.put("trainingSeconds", answer.seconds());
        x.put("text", answer.sentence());
      }
    }
  }

  static String html(RunReport report) {
    if (report.ablations().isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("<h2 id=\"answers-head\">Answers (controlled experiments)</h2>\n");
    out.append(
        "<p class=\"note\">Each variant changes one choice of the base; both trained with the same"
            + " seeds under one recipe. Paired difference of validation accuracy (variant minus"
            + " base) with its 95% paired-t interval; blue where it excludes zero.</p>\n");
    List<Answers.Ablation> all = report.ablations();
    for (int i = 0; i < all.size(); i++) {
      Answers.Ablation a = all.get(i);
      out.append("<p>").append(Svg.escape(heading(a).replace("`", ""))).append("</p>\n");
      out.append("<div class=\"scroll\">")
          .append(ForestPlot.answers("answers-" + i, a.answers()))
          .append("</div>\n<ul class=\"answers\">\n");
      for (Answers.Answer answer : a.answers()) {
        out.append("<li>").append(Svg.escape(answer.sentence())).append("</li>\n");
      }
      out.append("</ul>\n");
    }
    return out.toString();
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
