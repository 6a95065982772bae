package io.nas4j.search.cli;

import io.nas4j.search.Search;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchBudget;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live progress of {@code nas search}: one permanent line per finished candidate and per
 * generation (evaluations done, best so far, ETA), and on a terminal a status line that shows the
 * candidates in training.
 */
final class Progress implements Search.Listener {

  private static final int WIDTH = 150;

  private final PrintWriter out;
  private final boolean live;
  private final SearchBudget budget;
  private long start = System.nanoTime();
  private final Map<String, String> training = new LinkedHashMap<>();
  private int done;
  private double best;

  private final Consumer<Search.Outcome> summary;
  private final Runnable refresh;

  /**
   * @param refresh called after each generation (rewrites the reports)
   * @param summary prints the final summary; called when the run ends, before the JVM may exit
   */
  Progress(
      PrintWriter out,
      boolean live,
      SearchBudget budget,
      Runnable refresh,
      Consumer<Search.Outcome> summary) {
    this.out = out;
    this.live = live;
    this.budget = budget;
    this.summary = summary;
    this.refresh = refresh;
  }

  /**
   * Continues the counts of a resumed run: its journaled candidates and best so far, and the time
   * its earlier sessions took (as the journal's generation lines count it).
   */
  synchronized Progress resumedFrom(Journal journal) {
    for (io.nas4j.space.journal.RungEntry r : journal.rungs()) {
      if (r.result().status() == Status.OK || r.result().status() == Status.PRUNED) {
        better(r.rung(), r.result().bestValAccuracy());
      }
    }
    for (CandidateEntry c : journal.candidates()) {
      notations.put(c.key(), c.architecture().notation());
      if (c.result().status() != Status.INVALID) {
        done++;
        best = Math.max(best, c.result().bestValAccuracy());
      }
    }
    double before =
        journal.generations().stream().mapToDouble(GenerationEntry::seconds).max().orElse(0);
    start -= (long) (before * 1e9);
    return this;
  }

  @Override
  public synchronized void ended(Search.Outcome outcome) {
    clear();
    summary.accept(outcome);
    out.flush();
  }

  @Override
  public synchronized void started(int generation, String key, Architecture architecture) {
    training.put(key, architecture.notation());
    redraw();
  }

  @Override
  public synchronized void candidate(CandidateEntry c) {
    training.remove(c.key());
    notations.put(c.key(), c.architecture().notation());
    EvaluationResult r = c.result();
    if (r.status() != Status.INVALID) {
      done++;
      best = Math.max(best, r.bestValAccuracy());
    }
    String what =
        switch (r.status()) {
          case OK, PRUNED ->
              "%.4f  epoch %d/%d  %5.1f s"
                  .formatted(
                      r.bestValAccuracy(), r.bestEpoch().orElse(0), r.epochsRun(), r.seconds());
          case FAILED, INVALID -> r.error().orElse("");
        };
    clear();
    out.printf(
        "  gen %-3d #%-4d %-7s %s  %s%s%n",
        c.generation(),
        c.index(),
        r.status().id(),
        what,
        c.architecture().notation(),
        r.status() == Status.INVALID ? "" : "  " + summary());
    redraw();
  }

  /** Notations by key, for the lines of promoted candidates. */
  private final Map<String, String> notations = new java.util.HashMap<>();

  /** The best validation accuracy at each rung reached so far (index = rung). */
  private final java.util.List<Double> bestByRung = new java.util.ArrayList<>();

  @Override
  public synchronized void rung(RungEntry r) {
    training.remove(r.key());
    EvaluationResult result = r.result();
    boolean trained = result.status() == Status.OK || result.status() == Status.PRUNED;
    if (trained) {
      better(r.rung(), result.bestValAccuracy());
    }
    clear();
    out.printf(
        "  rung %d %s  %-7s %s  %s  %s%n",
        r.rung(),
        r.key(),
        result.status().id(),
        trained
            ? "%.4f  epoch %d/%d  %5.1f s"
                .formatted(
                    result.bestValAccuracy(),
                    result.bestEpoch().orElse(0),
                    result.epochsRun(),
                    result.seconds())
            : result.error().orElse(result.stopReason()),
        notations.getOrDefault(r.key(), ""),
        summary());
    redraw();
  }

  private void better(int rung, double accuracy) {
    while (bestByRung.size() <= rung) {
      bestByRung.add(0.0);
    }
    bestByRung.set(rung, Math.max(bestByRung.get(rung), accuracy));
  }

  @Override
  public synchronized void generation(GenerationEntry g) {
    done = g.trained();
    best = Math.max(best, g.bestValAccuracy());
    clear();
    out.printf(
        "generation %d: %d candidates (%d trained, %d duplicates, %d invalid, %d pruned), %s%n",
        g.generation(),
        g.candidates(),
        g.trained(),
        g.duplicates(),
        g.invalid(),
        g.pruned(),
        summary());
    refresh.run();
    redraw();
  }

  /** E.g. {@code [12/60, best 0.8912, 3m 10s, ETA 4m 2s]}. */
  private String summary() {
    double elapsed = (System.nanoTime() - start) / 1e9;
    String eta = "";
    if (done > 0) {
      double byEvaluations = (budget.maxEvaluations() - done) * elapsed / done;
      double byWallTime = budget.wallTimeMinutes() * 60.0 - elapsed;
      eta = ", ETA " + duration(Math.max(0, Math.min(byEvaluations, byWallTime)));
    }
    String rungBest =
        bestByRung.size() > 1
            ? ", rung %d best %.4f"
                .formatted(bestByRung.size() - 1, bestByRung.get(bestByRung.size() - 1))
            : "";
    return "[%d/%d, best %.4f%s, %s%s]"
        .formatted(done, budget.maxEvaluations(), best, rungBest, duration(elapsed), eta);
  }

  private void redraw() {
    if (live && !training.isEmpty()) {
      String line = summary() + " training: " + String.join("  ||  ", training.values());
      out.print("\r" + (line.length() > WIDTH ? line.substring(0, WIDTH - 3) + "..." : line));
    }
    out.flush();
  }

  private void clear() {
    if (live) {
      out.print("\r\033[K");
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? "%dh %dm".formatted(s / 3600, s % 3600 / 60)
        : s >= 60 ? "%dm %ds".formatted(s / 60, s % 60) : s + "s";
  }
}
