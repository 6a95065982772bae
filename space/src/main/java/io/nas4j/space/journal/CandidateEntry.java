package io.nas4j.space.journal;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.result.EvaluationResult;
import java.util.List;
import java.util.Objects;

/**
 * One distinct candidate of a run: where it came from (generation, genotype), what it is (canonical
 * key, architecture), its derived seed and its result. {@code index} counts candidates from 0 in
 * the order they were journaled. In the journal {@code rung} is 0 (the candidate's first training);
 * {@link Journal#latest()} gives each candidate at the highest rung it reached, with that rung's
 * result.
 */
public record CandidateEntry(
    int index,
    int generation,
    List<Integer> genotype,
    String key,
    Architecture architecture,
    long seed,
    EvaluationResult result,
    int rung) {

  public CandidateEntry {
    genotype = List.copyOf(genotype);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(result, "result");
    if (rung < 0) {
      throw new IllegalArgumentException("rung must be >= 0, but was " + rung);
    }
  }

  /** A candidate's first training (rung 0), as the journal holds it. */
  public CandidateEntry(
      int index,
      int generation,
      List<Integer> genotype,
      String key,
      Architecture architecture,
      long seed,
      EvaluationResult result) {
    this(index, generation, genotype, key, architecture, seed, result, 0);
  }

  /** This candidate with its result at {@code rung}. */
  public CandidateEntry at(int rung, EvaluationResult rungResult) {
    return new CandidateEntry(
        index, generation, genotype, key, architecture, seed, rungResult, rung);
  }
}
