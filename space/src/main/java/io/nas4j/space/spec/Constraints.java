package io.nas4j.space.spec;

import io.nas4j.space.arch.Analysis;
import java.util.Optional;
import java.util.OptionalLong;

/** Limits checked before training; a candidate over a limit is never trained. */
public record Constraints(OptionalLong maxMacs, OptionalLong maxParams) {

  public Constraints {
    maxMacs.ifPresent(v -> SearchBudget.positive("constraints.maxMacs", v));
    maxParams.ifPresent(v -> SearchBudget.positive("constraints.maxParams", v));
  }

  public static Constraints none() {
    return new Constraints(OptionalLong.empty(), OptionalLong.empty());
  }

  /** Why a valid architecture breaks a limit, or empty if it keeps them all. */
  public Optional<String> violation(Analysis analysis) {
    if (maxMacs.isPresent() && analysis.macs() > maxMacs.getAsLong()) {
      return Optional.of(
          "%,d MACs exceed constraints.maxMacs %,d"
              .formatted(analysis.macs(), maxMacs.getAsLong()));
    }
    if (maxParams.isPresent() && analysis.params() > maxParams.getAsLong()) {
      return Optional.of(
          "%,d parameters exceed constraints.maxParams %,d"
              .formatted(analysis.params(), maxParams.getAsLong()));
    }
    return Optional.empty();
  }
}
