package io.nas4j.evaluator;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a training starts and where it leaves its state, for a multi-fidelity search whose promoted
 * candidates continue rather than restart: {@code from}, the weights and optimizer state a lower
 * rung's training saved (the network is built as usual, then takes them); {@code to}, where this
 * training saves its own state at the end (its best epoch's weights, the optimizer state after its
 * last epoch). An evaluator that cannot keep state ({@link Evaluator#keepsState()} false) ignores
 * both.
 */
public record Checkpoint(Optional<Path> from, Optional<Path> to) {

  private static final Checkpoint NONE = new Checkpoint(Optional.empty(), Optional.empty());

  public Checkpoint {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** Start from the initial weights, save nothing. */
  public static Checkpoint none() {
    return NONE;
  }
}
