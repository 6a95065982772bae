package io.nas4j.space.spec;

import io.nas4j.space.arch.Shape;
import io.nas4j.space.recipe.TrainingRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One search, as a user writes it in a spec file: the data, the space of architectures, how each
 * candidate trains ({@code budget}), the budget of the whole search, the constraints and the seed;
 * and how the architectures it finds train afterwards ({@code retrain}, {@code nas train}'s
 * defaults); with {@code rungs}, promising candidates train again with larger recipes. Immutable;
 * read with {@link SpecReader}.
 */
public record SearchSpec(
    DatasetSpec dataset,
    Shape input,
    int classes,
    BlockSpace blocks,
    HeadSpace head,
    TrainingSpace training,
    TrainingRecipe budget,
    SearchBudget search,
    Constraints constraints,
    long seed,
    TrainingRecipe retrain,
    Rungs rungs) {

  public SearchSpec {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(retrain, "retrain");
    Objects.requireNonNull(rungs, "rungs");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(constraints, "constraints");
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, but was " + classes);
    }
  }

  /** This spec with another dataset. */
  public SearchSpec withDataset(DatasetSpec other) {
    return new SearchSpec(
        other,
        input,
        classes,
        blocks,
        head,
        training,
        budget,
        search,
        constraints,
        seed,
        retrain,
        rungs);
  }

  /** This spec with another search budget and seed. */
  public SearchSpec withSearch(SearchBudget other, long otherSeed) {
    return new SearchSpec(
        dataset,
        input,
        classes,
        blocks,
        head,
        training,
        budget,
        other,
        constraints,
        otherSeed,
        retrain,
        rungs);
  }

  /** The recipe of each rung, rung 0 (the budget) first. */
  public List<TrainingRecipe> fidelities() {
    List<TrainingRecipe> out = new ArrayList<>();
    out.add(budget);
    out.addAll(rungs.levels());
    return List.copyOf(out);
  }
}
