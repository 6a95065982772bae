package io.nas4j.reports;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders a {@link RunReport} as {@code report.json}, {@code leaderboard.csv} and {@code
 * report.md}. Pure functions of the report: the same journal gives byte-identical files.
 */
public final class Renderers {

  private Renderers() {}

  /** {@code report.json}: see {@link ReportJson}. */
  public static String json(RunReport report) {
    return ReportJson.render(report);
  }

  /** {@code leaderboard.csv}: one row per candidate, ranked ones first (RFC 4180 quoting). */
  public static String csv(RunReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        "rank,key,status,val_accuracy,val_loss,best_epoch,epochs_run,stop_reason,params,macs,"
            + "seconds,images_per_second,generation,index,pareto_macs,pareto_params,notation,"
            + "error,rung,val_accuracy_by_rung\n");
    java.util.Set<String> ranked = new java.util.HashSet<>();
    for (RunReport.Row row : report.ranking()) {
      ranked.add(row.candidate().key());
      out.append(
          csvRow(
              String.valueOf(row.rank()),
              row.candidate(),
              row.paretoMacs(),
              row.paretoParams(),
              byRung(row, ";")));
    }
    for (CandidateEntry c : report.journal().candidates()) {
      if (!ranked.contains(c.key())) {
        out.append(csvRow("", c, false, false, ""));
      }
    }
    return out.toString();
  }

  /** The row's best validation accuracy at each rung, joined, blank where it has none. */
  static String byRung(RunReport.Row row, String separator) {
    return row.rungAccuracies().stream()
        .map(a -> a.map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse(""))
        .collect(Collectors.joining(separator));
  }

  private static String csvRow(
      String rank, CandidateEntry c, boolean macs, boolean params, String byRung) {
    EvaluationResult r = c.result();
    List<String> fields =
        List.of(
            rank,
            c.key(),
            r.status().id(),
            r.best().map(b -> number(b.valAccuracy())).orElse(""),
            r.best().map(b -> number(b.valLoss())).orElse(""),
            r.bestEpoch().isPresent() ? String.valueOf(r.bestEpoch().getAsInt()) : "",
            String.valueOf(r.epochsRun()),
            r.stopReason(),
            String.valueOf(r.params()),
            String.valueOf(r.macs()),
            number(r.seconds()),
            number(r.imagesPerSecond()),
            String.valueOf(c.generation()),
            String.valueOf(c.index()),
            String.valueOf(macs),
            String.valueOf(params),
            c.architecture().notation(),
            r.error().orElse(""),
            rank.isEmpty() ? "" : String.valueOf(c.rung()),
            byRung);
    return fields.stream().map(Renderers::quote).collect(Collectors.joining(",")) + "\n";
  }

  private static String quote(String field) {
    return field.contains(",") || field.contains("\"") || field.contains("\n")
        ? "\"" + field.replace("\"", "\"\"") + "\""
        : field;
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+(e|$)", "$1");
  }

  /**
   * A few lines for the console ({@code nas report}, benchmark scripts): the run's counts, time and
   * average trained candidate, then one line per final training with its test accuracies.
   */
  public static String summary(RunReport report) {
    Map<Status, Integer> n = report.byStatus();
    List<EvaluationResult> trained =
        report.ranking().stream().map(r -> r.candidate().result()).toList();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d distinct candidates: %d ok, %d pruned, %d failed, %d invalid (never trained); %d"
                + " duplicates answered from the cache; %s after %.0f s%n",
            report.journal().candidates().size(),
            n.get(Status.OK),
            n.get(Status.PRUNED),
            n.get(Status.FAILED),
            n.get(Status.INVALID),
            report.duplicates(),
            report.endReason().map(r -> "ended: " + r).orElse("running or killed"),
            report.seconds()));
    if (!trained.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d trained candidates: %.1f s and %.2f epochs per candidate on average; rank 1: val"
                  + " acc %.4f, %s%n",
              trained.size(),
              trained.stream().mapToDouble(EvaluationResult::seconds).average().orElse(0),
              trained.stream().mapToInt(EvaluationResult::epochsRun).average().orElse(0),
              trained.get(0).bestValAccuracy(),
              report.ranking().get(0).candidate().architecture().notation()));
    }
    given(report).ifPresent(line -> out.append(line).append('\n'));
    Map<String, Integer> ranks = report.ranks();
    for (Retraining t : report.retrainings()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s/%s: %s, rank %s, test acc %s%s%s%n",
              Retraining.TRAIN,
              t.folder(),
              t.report().kind().id(),
              Optional.ofNullable(ranks.get(t.key())).map(String::valueOf).orElse("-"),
              Retraining.accuracy(t.report().accuracies()),
              t.report()
                  .model()
                  .map(
                      m ->
                          String.format(
                              Locale.ROOT,
                              "; model.zip %.4f%s",
                              m.test().orElseThrow().accuracy(),
                              m.flipped()
                                  .map(
                                      f ->
                                          String.format(
                                              Locale.ROOT, " (%.4f with flip TTA)", f.accuracy()))
                                  .orElse("")))
                  .orElse(""),
              t.report().ensemble().isPresent() ? "; ensemble " + t.ensemble() : ""));
    }
    report.fidelity().ifPresent(f -> out.append("rank fidelity: ").append(f.text()).append('\n'));
    report.unreadable().forEach(p -> out.append("not shown: ").append(p).append('\n'));
    return out.toString();
  }

  /**
   * One line on the spec's {@code search.initial} architectures against rank 1 (rank, validation
   * accuracy and rung of each), or empty when the spec gives none or nothing is ranked yet.
   */
  static Optional<String> given(RunReport report) {
    List<Optional<RunReport.Row>> given = report.given();
    if (given.isEmpty() || report.ranking().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder("given architectures (search.initial): ");
    for (int i = 0; i < given.size(); i++) {
      out.append(i == 0 ? "" : ", ")
          .append('[')
          .append(i)
          .append("] ")
          .append(given.get(i).map(Renderers::standing).orElse("not ranked"));
    }
    return Optional.of(
        out.append("; rank 1: ").append(accuracy(report.ranking().get(0))).toString());
  }

  private static String standing(RunReport.Row row) {
    return "rank " + row.rank() + ", " + accuracy(row);
  }

  private static String accuracy(RunReport.Row row) {
    return String.format(
        Locale.ROOT,
        "val acc %.4f at rung %d",
        row.candidate().result().bestValAccuracy(),
        row.candidate().rung());
  }

  /** The final trainings' section of report.md. */
  static String retrainings(RunReport report) {
    StringBuilder out = new StringBuilder("## Final trainings (nas train)\n\n");
    if (report.retrainings().isEmpty()) {
      out.append(
          "None yet: `nas train RUN` retrains the best architecture on the full training data and"
              + " measures its test accuracy.\n");
    } else {
      out.append(
          "Test accuracy of each `nas train` of this run's architectures (rank and search"
              + " validation accuracy as ranked now).\n\n"
              + "| folder | kind | rank | search val acc | test acc | with flip TTA | ensemble |"
              + " training | notation |\n"
              + "|---|---|---:|---:|---:|---:|---:|---|---|\n");
      Map<String, Integer> ranks = report.ranks();
      Map<String, Double> accuracy = report.searchAccuracies();
      for (Retraining t : report.retrainings()) {
        List<String> cells = new ArrayList<>(t.cells(ranks, accuracy));
        int last = cells.size() - 1;
        cells.set(last, "`" + cells.get(last).replace("|", "\\|") + "`");
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
      }
    }
    report
        .fidelity()
        .ifPresent(
            f ->
                out.append("\n**Rank fidelity:** ")
                    .append(f.text())
                    .append(
                        "; 1 = the search's order holds exactly, 0 = no relation (see"
                            + " `scripts/bench-fidelity.sh`).\n"));
    for (String problem : report.unreadable()) {
      out.append("\nNot shown: ").append(problem).append('\n');
    }
    return out.append('\n').toString();
  }

  /** {@code report.md}: summary, the top {@code topK} and the failure summary. */
  public static String markdown(RunReport report, int topK) {
    JournalHeader h = report.journal().header();
    Map<Status, Integer> n = report.byStatus();
    StringBuilder out = new StringBuilder();
    out.append("# nas4j run ").append(h.runId()).append("\n\n");
    out.append("- started ").append(h.created());
    out.append(", ").append(h.spec().search().strategy().id()).append(" search");
    out.append(", objective ").append(h.spec().search().objective().id());
    out.append(", seed ").append(h.spec().seed()).append('\n');
    out.append("- ")
        .append(
            report.endReason().map(r -> "ended: " + r).orElse("running or killed (no end line)"))
        .append(String.format(Locale.ROOT, " after %.0f s%n", report.seconds()));
    out.append(
        String.format(
            Locale.ROOT,
            "- %d distinct candidates: %d ok, %d pruned, %d failed, %d invalid (never trained);"
                + " %d duplicates answered from the cache%n",
            report.journal().candidates().size(),
            n.get(Status.OK),
            n.get(Status.PRUNED),
            n.get(Status.FAILED),
            n.get(Status.INVALID),
            report.duplicates()));
    given(report).ifPresent(line -> out.append("- ").append(line).append('\n'));
    out.append("- nas4j ")
        .append(h.provenance().nas4j())
        .append(", DL4J ")
        .append(h.provenance().dl4j())
        .append(", ")
        .append(h.provenance().backend())
        .append("\n\n");
    boolean rungs = h.spec().rungs().any();
    out.append("## Top ").append(Math.min(topK, report.ranking().size())).append("\n\n");
    if (rungs) {
      out.append(
          "Ranked: candidates that reached rung 1 or higher before those that only had rung 0,"
              + " then validation accuracy at the highest rung reached; val acc and epochs are at"
              + " that rung.\n\n");
    }
    out.append(
        rungs
            ? "| rank | rung | val acc | by rung | epoch | params | MACs | seconds | front |"
                + " notation |\n|---:|---:|---:|---|---:|---:|---:|---:|:---:|---|\n"
            : "| rank | val acc | epoch | params | MACs | seconds | front | notation |\n"
                + "|---:|---:|---:|---:|---:|---:|:---:|---|\n");
    for (RunReport.Row row : report.ranking().subList(0, Math.min(topK, report.ranking().size()))) {
      EvaluationResult r = row.candidate().result();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %s%d/%d | %,d | %,d | %.1f | %s | `%s` |%n",
              rungs ? row.rank() + " | " + row.candidate().rung() : String.valueOf(row.rank()),
              r.bestValAccuracy(),
              rungs ? byRung(row, " → ") + " | " : "",
              r.bestEpoch().orElse(0),
              r.epochsRun(),
              r.params(),
              r.macs(),
              r.seconds(),
              (row.paretoMacs() ? "M" : "") + (row.paretoParams() ? "P" : ""),
              row.candidate().architecture().notation().replace("|", "\\|")));
    }
    out.append("\nfront: M = on the Pareto front of accuracy vs MACs, P = vs parameters.\n\n");
    out.append(retrainings(report));
    out.append(AnswerSections.markdown(report));
    out.append("## Evidence for the design questions\n\n");
    out.append(
        "Observational: candidates differ in more than the compared choice; read the intervals.");
    if (rungs) {
      out.append(
          String.format(
              Locale.ROOT,
              " From the results at rung %d (the highest with at least %d trained candidates).",
              report.evidenceRung(),
              RunReport.EVIDENCE_CANDIDATES));
    }
    out.append("\n\n");
    for (Evidence.Finding e : report.evidence()) {
      out.append("- ").append(e.text()).append('\n');
    }
    out.append("\n## Gene importance\n\n");
    if (report.importance().isEmpty()) {
      out.append(
          "Not enough data (a gene needs "
              + GeneImportance.MIN_CANDIDATES
              + " trained candidates in which it is active, with 2 or more choices).\n");
    } else {
      out.append(
          "Share of the variance of validation accuracy explained by each gene alone (eta squared"
              + " over the candidates where the gene is active; biased upwards for small n) with a 95%"
              + " bootstrap interval: a wide one means too few candidates to say.\n\n"
              + "| gene | eta squared | 95% interval | candidates | choices |\n"
              + "|---|---:|---|---:|---:|\n");
      for (GeneImportance.Importance i : report.importance()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.3f | [%.3f, %.3f] | %d | %d |%n",
                i.gene(),
                i.etaSquared(),
                i.low(),
                i.high(),
                i.n(),
                i.choices()));
      }
    }
    out.append('\n');
    out.append("## Failures\n\n");
    if (report.failures().isEmpty()) {
      out.append("None.\n");
    } else {
      out.append("| reason | candidates |\n|---|---:|\n");
      report
          .failures()
          .forEach((reason, count) -> out.append("| " + reason + " | " + count + " |\n"));
    }
    return out.toString();
  }
}
