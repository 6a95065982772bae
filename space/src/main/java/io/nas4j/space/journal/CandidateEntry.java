package io.nas4j.space.journal;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.result.EvaluationResult;
import java.util.List;
import java.util.Objects;

/**
 * One distinct candidate of a run: where it came from (generation, genotype), what it is (canonical
 * key, architecture), its derived seed and its result. {@code index} counts candidates from 0 in
 * the order they were journaled.
 */
public record CandidateEntry(
    int index,
    int generation,
    List<Integer> genotype,
    String key,
    Architecture architecture,
    long seed,
    EvaluationResult result) {

  public CandidateEntry {
    genotype = List.copyOf(genotype);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(result, "result");
  }
}
