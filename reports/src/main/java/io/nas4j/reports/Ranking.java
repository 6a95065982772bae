package io.nas4j.reports;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Ranks a run's candidates: trained ones ({@code ok} or {@code pruned}) first by the highest rung
 * they reached (a multi-fidelity search: a candidate that earned a longer training is never ranked
 * below one that only had the short one), then by best validation accuracy at that rung, higher
 * first; ties go to fewer MACs, then to the earlier candidate. A single-fidelity run has rung 0
 * only.
 */
public final class Ranking {

  /** The order of the ranking. */
  public static final Comparator<CandidateEntry> ORDER =
      Comparator.comparingInt((CandidateEntry c) -> -c.rung())
          .thenComparingDouble(c -> -c.result().bestValAccuracy())
          .thenComparingLong(c -> c.result().macs())
          .thenComparingInt(CandidateEntry::index);

  private Ranking() {}

  /** A run's ranking: each candidate at the highest rung it reached ({@link Journal#latest()}). */
  public static List<CandidateEntry> rank(Journal journal) {
    return rank(journal.latest());
  }

  /**
   * The ranked trained candidates (each at its highest rung: see {@link Journal#latest}); failed
   * and invalid ones are left out.
   */
  public static List<CandidateEntry> rank(List<CandidateEntry> candidates) {
    return candidates.stream()
        .filter(c -> c.result().status() == Status.OK || c.result().status() == Status.PRUNED)
        .sorted(ORDER)
        .toList();
  }

  /**
   * The trained candidates on the Pareto front of validation accuracy (higher is better) against
   * {@code cost} (lower is better): those that no other candidate beats in one and matches or beats
   * in the other. In ranking order.
   */
  public static List<CandidateEntry> paretoFront(
      List<CandidateEntry> candidates, ToLongFunction<EvaluationResult> cost) {
    List<CandidateEntry> ranked = rank(candidates);
    List<CandidateEntry> front = new ArrayList<>();
    for (CandidateEntry c : ranked) {
      boolean dominated = false;
      for (CandidateEntry other : ranked) {
        double a = other.result().bestValAccuracy() - c.result().bestValAccuracy();
        long b = cost.applyAsLong(c.result()) - cost.applyAsLong(other.result());
        if (a >= 0 && b >= 0 && (a > 0 || b > 0)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(c);
      }
    }
    return front;
  }
}
