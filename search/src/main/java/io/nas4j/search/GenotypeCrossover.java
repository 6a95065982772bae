package io.nas4j.search;

import io.jenetics.Chromosome;
import io.jenetics.Gene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.Recombinator;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;
import io.nas4j.space.spec.Crossover;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Crossover across the chromosomes of a genotype (each search gene is its own chromosome, so
 * Jenetics' within-chromosome crossovers would change nothing): uniform swaps each gene with
 * probability 1/2, single-point swaps all genes after a random cut.
 */
final class GenotypeCrossover<G extends Gene<?, G>, C extends Comparable<? super C>>
    extends Recombinator<G, C> {

  private final Crossover kind;

  GenotypeCrossover(double probability, Crossover kind) {
    super(probability, 2);
    this.kind = kind;
  }

  @Override
  protected int recombine(MSeq<Phenotype<G, C>> population, int[] individuals, long generation) {
    Genotype<G> first = population.get(individuals[0]).genotype();
    Genotype<G> second = population.get(individuals[1]).genotype();
    int n = first.length();
    if (n < 2) {
      return 0;
    }
    RandomGenerator random = RandomRegistry.random();
    int cut = 1 + random.nextInt(n - 1);
    List<Chromosome<G>> a = new ArrayList<>(n);
    List<Chromosome<G>> b = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean swap = kind == Crossover.UNIFORM ? random.nextBoolean() : i >= cut;
      a.add(swap ? second.get(i) : first.get(i));
      b.add(swap ? first.get(i) : second.get(i));
    }
    population.set(individuals[0], Phenotype.of(Genotype.of(a), generation));
    population.set(individuals[1], Phenotype.of(Genotype.of(b), generation));
    return 2;
  }
}
