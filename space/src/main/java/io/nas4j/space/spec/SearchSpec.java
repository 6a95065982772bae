package io.nas4j.space.spec;

import io.nas4j.space.arch.Shape;
import java.util.Objects;

/**
 * One search, as a user writes it in a spec file: the data, the space of architectures, the budget
 * per candidate and for the whole search, the constraints and the seed. Immutable; read with {@link
 * SpecReader}.
 */
public record SearchSpec(
    DatasetSpec dataset,
    Shape input,
    int classes,
    BlockSpace blocks,
    HeadSpace head,
    TrainingSpace training,
    CandidateBudget budget,
    SearchBudget search,
    Constraints constraints,
    long seed) {

  public SearchSpec {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(constraints, "constraints");
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, but was " + classes);
    }
  }

  /** This spec with another dataset. */
  public SearchSpec withDataset(DatasetSpec other) {
    return new SearchSpec(
        other, input, classes, blocks, head, training, budget, search, constraints, seed);
  }
}
