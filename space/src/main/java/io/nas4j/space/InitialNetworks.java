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
import java.util.SplittableRandom;

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
    SplittableRandom random = new SplittableRandom(spec.seed());
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
      out.add(drawUnusedGenes(space, genotype, arch, random));
    }
    return List.copyOf(out);
  }

  /**
   * {@code genotype} with the genes that do not matter to {@code arch} (those of blocks it does not
   * use, a pool's size where it has no pool) drawn at random, as a random draw's are: the encoder
   * leaves them at each gene's first choice, so every mutation that gave an initial network one
   * more block would add the same {@code c1x16 bn relu} block. One draw per gene, in gene order,
   * from the run's seed: the same spec and seed give the same genotypes (resume relies on it).
   */
  private static int[] drawUnusedGenes(
      SearchSpace space, int[] genotype, Architecture arch, SplittableRandom random) {
    int[] out = genotype.clone();
    for (int g = 0; g < out.length; g++) {
      int kept = out[g];
      out[g] = random.nextInt(space.genes().get(g).size());
      if (!space.decode(out).equals(arch)) {
        out[g] = kept; // a gene the network uses
      }
    }
    return out;
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
