package io.nas4j.space;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Training;
import io.nas4j.space.spec.InitialCandidate;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.TrainingSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The spec's {@code search.initial} networks as genotypes of its space, or why one is not. */
final class InitialNetworks {

  private InitialNetworks() {}

  /**
   * Resolves {@code search.initial}: each entry's notation and training to a genotype, checked to
   * be a trainable network of {@code space} and not to repeat an earlier entry.
   *
   * @throws IllegalArgumentException naming the entry ({@code search.initial[i]}) and the reason
   */
  static List<int[]> genotypes(SearchSpace space) {
    SearchSpec spec = space.spec();
    List<InitialCandidate> given = spec.search().initial();
    List<int[]> out = new ArrayList<>();
    List<Architecture> seen = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String where = "search.initial[" + i + "]";
      Architecture arch;
      int[] genotype;
      try {
        arch =
            Architecture.of(
                spec.input(),
                Notation.parse(given.get(i).architecture()),
                training(spec, given.get(i)));
        genotype = space.encode(arch);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      Optional<String> rejected = space.rejection(arch);
      if (rejected.isPresent()) {
        throw new IllegalArgumentException(
            "%s: %s would never be trained: %s"
                .formatted(where, Notation.format(arch.layers()), rejected.get()));
      }
      if (seen.contains(arch)) {
        throw new IllegalArgumentException(
            "%s is the same network as search.initial[%d]".formatted(where, seen.indexOf(arch)));
      }
      seen.add(arch);
      out.add(genotype);
    }
    return List.copyOf(out);
  }

  /**
   * An initial entry's training: its own values, or the spec's only choice where it gave none.
   * Whether a given value is one of the spec's choices is checked by encoding.
   */
  private static Training training(SearchSpec spec, InitialCandidate c) {
    TrainingSpace t = spec.training();
    return Training.of(
        c.optimizer().orElseGet(() -> only(t.optimizer(), "optimizer")),
        c.learningRate().isPresent()
            ? c.learningRate().getAsDouble()
            : only(t.learningRate(), "learningRate"),
        c.batchSize().isPresent() ? c.batchSize().getAsInt() : only(t.batchSize(), "batchSize"));
  }

  private static <T> T only(List<T> choices, String key) {
    if (choices.size() != 1) {
      throw new IllegalArgumentException(
          "give %s (training.%s has %d choices %s)".formatted(key, key, choices.size(), choices));
    }
    return choices.get(0);
  }
}
