package io.nas4j.search;

import io.jenetics.Chromosome;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.util.Factory;
import io.nas4j.space.Gene;
import io.nas4j.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * The search space as a Jenetics genotype: one integer chromosome of length 1 per gene, with the
 * range {@code [0, choices)} (Jenetics 7 upper bounds are exclusive).
 */
final class Genotypes {

  private Genotypes() {}

  static Factory<Genotype<IntegerGene>> factory(SearchSpace space) {
    List<IntegerChromosome> chromosomes = new ArrayList<>();
    for (Gene gene : space.genes()) {
      chromosomes.add(IntegerChromosome.of(0, gene.size(), 1));
    }
    return Genotype.of(chromosomes);
  }

  /** The spec's {@code search.initial} architectures as Jenetics genotypes, in their order. */
  static List<Genotype<IntegerGene>> initial(SearchSpace space) {
    List<Genotype<IntegerGene>> out = new ArrayList<>();
    for (int[] values : space.initialGenotypes()) {
      List<IntegerChromosome> chromosomes = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        chromosomes.add(
            IntegerChromosome.of(IntegerGene.of(values[i], 0, space.genes().get(i).size())));
      }
      out.add(Genotype.of(chromosomes));
    }
    return out;
  }

  static int[] toArray(Genotype<IntegerGene> genotype) {
    int[] values = new int[genotype.length()];
    for (int i = 0; i < values.length; i++) {
      Chromosome<IntegerGene> chromosome = genotype.get(i);
      values[i] = chromosome.gene().intValue();
    }
    return values;
  }
}
