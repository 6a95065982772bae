package io.nas4j.search;

import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020): which candidate, if any, goes on to the
 * next rung. A candidate whose rung-{@code r} training is among the best {@code floor(n / eta)} of
 * the {@code n} trainings finished at rung {@code r} may train at rung {@code r + 1}; the highest
 * rung is looked at first, and nobody waits for a rung to fill. Failed trainings count in {@code n}
 * but are never promoted. With peer groups ({@code rungs.peers: depth}) the top {@code floor(n_g /
 * eta)} of each group's {@code n_g} results at rung 0 may go on instead: the proxy's bias is what
 * the groups offset; from rung 1 up every candidate of the rung competes. Not thread-safe: the
 * scheduler's one thread uses it.
 */
final class Asha {

  /**
   * A candidate's finished training at a rung; {@code order} breaks accuracy ties (earlier first).
   */
  private record Result(String key, int group, double accuracy, boolean trained, long order) {}

  /** A candidate to train at {@code rung}. */
  record Promotion(String key, int rung) {}

  /** Trained before failed, then by accuracy, then earlier first. */
  private static final Comparator<Result> BEST_FIRST =
      Comparator.comparing((Result x) -> !x.trained())
          .thenComparingDouble(x -> -x.accuracy())
          .thenComparingLong(Result::order);

  private final int eta;
  private final ToIntFunction<String> group;
  private final List<List<Result>> rungs = new ArrayList<>();
  private final List<Set<String>> promoted = new ArrayList<>();
  private long finished;

  /**
   * @param rungs the number of rungs, rung 0 included (1: single fidelity, nothing is promoted)
   */
  Asha(int rungs, int eta) {
    this(rungs, eta, key -> 0);
  }

  /**
   * @param rungs the number of rungs, rung 0 included (1: single fidelity, nothing is promoted)
   * @param group a candidate's peer group (by key): it competes for promotion out of rung 0 within
   *     its group
   */
  Asha(int rungs, int eta, ToIntFunction<String> group) {
    if (rungs < 1) {
      throw new IllegalArgumentException("rungs must be >= 1, but was " + rungs);
    }
    if (eta < 2) {
      throw new IllegalArgumentException("eta must be >= 2, but was " + eta);
    }
    this.eta = eta;
    this.group = group;
    for (int r = 0; r < rungs; r++) {
      this.rungs.add(new ArrayList<>());
      this.promoted.add(new HashSet<>());
    }
  }

  /** A training of {@code key} at {@code rung} finished with {@code result}. */
  void finished(String key, int rung, EvaluationResult result) {
    boolean trained = result.status() == Status.OK || result.status() == Status.PRUNED;
    rungs
        .get(rung)
        .add(new Result(key, group.applyAsInt(key), result.bestValAccuracy(), trained, finished++));
    if (rung > 0) {
      promoted.get(rung - 1).add(key);
    }
  }

  /** {@code key} was sent on to {@code rung} (its training there has not finished yet). */
  void started(String key, int rung) {
    if (rung > 0) {
      promoted.get(rung - 1).add(key);
    }
  }

  /** Trainings finished at {@code rung}. */
  int finishedAt(int rung) {
    return rungs.get(rung).size();
  }

  /**
   * The next promotion: at the highest rung below the top that has one, the most accurate candidate
   * that is in the top {@code floor(n / eta)} of its rung (at rung 0: of its group) and has not
   * gone on yet.
   */
  Optional<Promotion> next() {
    for (int r = rungs.size() - 2; r >= 0; r--) {
      Map<Integer, List<Result>> groups = new TreeMap<>();
      for (Result x : rungs.get(r)) {
        groups.computeIfAbsent(r == 0 ? x.group() : 0, g -> new ArrayList<>()).add(x);
      }
      List<Result> eligible = new ArrayList<>();
      for (List<Result> at : groups.values()) {
        at.sort(BEST_FIRST);
        for (Result x : at.subList(0, at.size() / eta)) {
          if (x.trained() && !promoted.get(r).contains(x.key())) {
            eligible.add(x);
          }
        }
      }
      Optional<Result> best = eligible.stream().min(BEST_FIRST);
      if (best.isPresent()) {
        return Optional.of(new Promotion(best.get().key(), r + 1));
      }
    }
    return Optional.empty();
  }
}
