package io.nas4j.space.spec;

import io.nas4j.space.arch.Optimizer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An architecture the search trains before it draws any (spec key {@code search.initial}), e.g. the
 * network a user has today: its layers in notation ({@code c3x32s2 bn relu | max2 | d128 relu |
 * out10}) and the training hyperparameters the spec's {@code training} genes have more than one
 * choice for. It must be a network of the spec's space and pass its constraints; {@code
 * SearchSpace} turns it into a genotype and says why when it cannot.
 */
public record InitialCandidate(
    String architecture,
    OptionalDouble learningRate,
    OptionalInt batchSize,
    Optional<Optimizer> optimizer) {

  public InitialCandidate {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(learningRate, "learningRate");
    Objects.requireNonNull(batchSize, "batchSize");
    Objects.requireNonNull(optimizer, "optimizer");
    if (architecture.isBlank()) {
      throw new IllegalArgumentException(
          "architecture must be a network in notation, but was empty");
    }
  }

  /** An architecture whose training is the spec's only choice of each training gene. */
  public static InitialCandidate of(String architecture) {
    return new InitialCandidate(
        architecture, OptionalDouble.empty(), OptionalInt.empty(), Optional.empty());
  }
}
