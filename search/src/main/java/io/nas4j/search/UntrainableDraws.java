package io.nas4j.search;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.Trainability;
import io.nas4j.space.arch.Architecture;
import java.util.Optional;

/**
 * The architectures a run's strategy drew and checked in this session, and the streak of
 * untrainable draws that stops a run whose space has (almost) no trainable network. Not
 * thread-safe: {@link CandidatePool} calls it under its lock.
 */
final class UntrainableDraws {

  /**
   * Consecutive untrainable draws after which the run stops: the space has (almost) no trainable
   * network. Checking a draw takes microseconds, so waiting for 1,000 costs well under a second. A
   * space where 1% of random networks are trainable yields 1,000 rejections in a row with
   * probability 0.99^1000 = 4e-5, so it runs; one below 0.3% (0.997^1000 = 5%) is stopped, and the
   * strategies could hardly fill a population from it anyway (each individual gets {@code
   * Strategies.RESAMPLE_LIMIT} = 100 draws before an untrainable one is accepted).
   */
  static final int LIMIT = 1000;

  /** Every draw of this session. */
  private final Trainability.Tally all = new Trainability.Tally();

  /** The draws since the last trainable one. */
  private final Trainability.Tally streak = new Trainability.Tally();

  /** The streak that stopped the run, once it reached {@link #LIMIT}. */
  private Trainability stopping;

  /**
   * Counts one checked draw ({@code rejection} empty: trainable); true when it is the draw that
   * makes {@value #LIMIT} untrainable ones in a row, the first time that happens.
   */
  boolean add(Architecture arch, Optional<SearchSpace.Rejection> rejection) {
    all.add(arch, rejection);
    if (rejection.isEmpty()) {
      streak.clear();
      return false;
    }
    streak.add(arch, rejection);
    if (streak.draws() >= LIMIT && stopping == null) {
      stopping = streak.result();
      return true;
    }
    return false;
  }

  /** Whether {@value #LIMIT} untrainable draws in a row stopped the run. */
  boolean stopped() {
    return stopping != null;
  }

  /**
   * Why the run found nothing to train, if it did not: the {@value #LIMIT} untrainable draws in a
   * row that stopped it, or all of this session's draws when none was trainable.
   */
  Optional<Trainability> untrainable() {
    if (stopping != null) {
      return Optional.of(stopping);
    }
    Trainability result = all.result();
    return result.none() ? Optional.of(result) : Optional.empty();
  }
}
