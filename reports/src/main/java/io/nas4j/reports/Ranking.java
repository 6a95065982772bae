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
 * Ranks a run's candidates: trained ones ({@code ok} or {@code pruned}) first those that earned a
 * longer training (a rung above 0 in a multi-fidelity search) before those that only had the proxy,
 * then by best validation accuracy at the highest rung each reached, higher first; ties go to the
 * higher rung, then to fewer MACs, then to the earlier candidate. A single-fidelity run has rung 0
 * only.
 *
 * <p>Why rungs 1 and up are not ordered by rung: a candidate's accuracy at a higher rung comes from
 * a longer training than its rival's at a lower one, so a rung-1 candidate ranks above a rung-2 one
 * only when its shorter training beat the other's longer one. Ranking every rung-2 candidate first
 * put a weak depth group's nets (promoted within their group, {@code rungs.peers: depth}) above
 * better rung-1 nets; on three headline runs this order agrees better with long trainings
 * (Kendall's tau 0.65, 0.77, 0.53 against 0.42, 0.59, 0.35 over the same 18-21 nets each;
 * docs/benchmarks.md).
 */
public final class Ranking {

  /** The order of the ranking. */
  public static final Comparator<CandidateEntry> ORDER =
      Comparator.comparingDouble((CandidateEntry c) -> -score(c.rung(), c.result()))
          .thenComparingInt(c -> -c.rung())
          .thenComparingLong(c -> c.result().macs())
          .thenComparingInt(CandidateEntry::index);

  private Ranking() {}

  /**
   * A trained candidate's standing as one number, higher first: 2 plus its best validation accuracy
   * at {@code rung} when it earned a rung above 0, else that accuracy alone. The ranking's first
   * two keys, and the fitness regularized evolution compares.
   */
  public static double score(int rung, EvaluationResult result) {
    return (rung > 0 ? 2 : 0) + result.bestValAccuracy();
  }

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
