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

  static int[] toArray(Genotype<IntegerGene> genotype) {
    int[] values = new int[genotype.length()];
    for (int i = 0; i < values.length; i++) {
      Chromosome<IntegerGene> chromosome = genotype.get(i);
      values[i] = chromosome.gene().intValue();
    }
    return values;
  }
}
