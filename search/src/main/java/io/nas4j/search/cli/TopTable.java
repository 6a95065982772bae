package io.nas4j.search.cli;

import io.nas4j.reports.Ranking;
import io.nas4j.search.Search;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.spec.Objective;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The table of a finished search's best candidates that {@code nas search} prints at its end. */
final class TopTable {

  private TopTable() {}

  /** Prints the search's end reason, its {@code top} best candidates and the journal's path. */
  static void print(PrintWriter out, Search.Outcome outcome, Objective objective, int top) {
    List<CandidateEntry> latest = outcome.latest();
    List<CandidateEntry> ranked = Ranking.rank(latest);
    boolean rungs = !outcome.rungs().isEmpty();
    Set<String> front =
        objective == Objective.ACCURACY
            ? Set.of()
            : Ranking.paretoFront(
                    latest,
                    objective == Objective.ACCURACY_PARAMS
                        ? EvaluationResult::params
                        : EvaluationResult::macs)
                .stream()
                .map(CandidateEntry::key)
                .collect(Collectors.toSet());
    out.printf("%nsearch ended: %s%n", outcome.endReason());
    out.printf(
        "%4s  %-16s %s%8s %6s %10s %12s %7s  %s%n",
        "rank",
        "key",
        rungs ? "rung " : "",
        "val acc",
        "epoch",
        "params",
        "MACs",
        "seconds",
        "notation");
    for (int i = 0; i < Math.min(top, ranked.size()); i++) {
      CandidateEntry c = ranked.get(i);
      EvaluationResult r = c.result();
      out.printf(
          "%4d%s %-16s %s%8.4f %6d %,10d %,12d %7.1f  %s%n",
          i + 1,
          front.contains(c.key()) ? "*" : " ",
          c.key(),
          rungs ? "%4d ".formatted(c.rung()) : "",
          r.bestValAccuracy(),
          r.bestEpoch().orElse(0),
          r.params(),
          r.macs(),
          r.seconds(),
          c.architecture().notation());
    }
    if (rungs) {
      out.printf(
          "ranked: rung >= 1 before rung 0, then validation accuracy at the highest rung reached"
              + " (val acc, epoch, seconds: at that rung)%n");
    }
    if (!front.isEmpty()) {
      out.printf(
          "* on the Pareto front of accuracy vs %s (%d candidates)%n",
          objective == Objective.ACCURACY_PARAMS ? "params" : "MACs", front.size());
    }
    out.printf("journal: %s%n", outcome.runFolder().resolve("journal.jsonl"));
    out.flush();
  }
}
