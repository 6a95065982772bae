package io.nas4j.space.journal;

import io.nas4j.space.result.EvaluationResult;
import java.util.Objects;

/**
 * A candidate's training at a rung above 0 (multi-fidelity search): it was among the best of rung
 * {@code rung - 1} and trained again with rung {@code rung}'s recipe and its own seed, either
 * continuing from the weights and optimizer state it reached at rung {@code rung - 1} ({@code
 * continued}) or from its initial weights. Its rung-0 training is the candidate's {@link
 * CandidateEntry}.
 */
public record RungEntry(
    String key, int rung, long seed, boolean continued, EvaluationResult result) {

  public RungEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    if (rung < 1) {
      throw new IllegalArgumentException("rung must be >= 1, but was " + rung);
    }
  }

  /** A training at {@code rung} that started from the candidate's initial weights. */
  public RungEntry(String key, int rung, long seed, EvaluationResult result) {
    this(key, rung, seed, false, result);
  }
}
