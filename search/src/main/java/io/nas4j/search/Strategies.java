package io.nas4j.search;

import io.jenetics.EliteSelector;
import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.Selector;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.Limits;
import io.jenetics.ext.moea.UFTournamentSelector;
import io.jenetics.util.Factory;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.spec.Objective;
import io.nas4j.space.spec.SearchBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The search strategies. Both draw all randomness from one {@link Random} seeded with the run seed
 * and evaluate through a {@link CandidatePool}, so a run with the same seed follows the same
 * trajectory however many candidates train at once, and a resumed run replays it.
 */
final class Strategies {

  /** How many random genotypes the random strategy draws before it accepts an invalid one. */
  private static final int RESAMPLE_LIMIT = 100;

  private Strategies() {}

  /** Runs the spec's strategy to the end and returns why it ended. */
  static String run(SearchSpace space, CandidatePool pool) {
    return switch (space.spec().search().strategy()) {
      case REGULARIZED -> AsyncSearch.run(space, pool);
      case EVOLUTION -> evolution(space, pool);
      case RANDOM ->
          space.spec().rungs().any() ? AsyncSearch.run(space, pool) : random(space, pool);
    };
  }

  /**
   * Regularized (aging) evolution on Jenetics: tournament selection of parents and survivors (the
   * elites kept), per-gene random-reset mutation, crossover across genes, individuals retired after
   * {@code maxAge} generations, invalid individuals (initial, retired or altered) replaced by new
   * random valid ones. With two objectives the survivors are chosen by Jenetics' MOEA
   * unique-fitness tournament (UFTournamentSelector), which keeps a spread Pareto front.
   */
  static String evolution(SearchSpace space, CandidatePool pool) {
    SearchBudget budget = space.spec().search();
    int k = budget.evolution().tournamentSize();
    if (budget.objective() == Objective.ACCURACY) {
      Selector<IntegerGene, Double> tournament = new TournamentSelector<>(k);
      int elites = budget.evolution().elites();
      return evolve(
          space,
          pool,
          Fitness::accuracy,
          tournament,
          elites > 0 ? new EliteSelector<>(elites, tournament) : tournament,
          budget.steadyGenerations().isPresent());
    }
    return evolve(
        space,
        pool,
        result -> Fitness.accuracyAndCost(result, budget.objective()),
        new TournamentSelector<>(k),
        UFTournamentSelector.ofVec(),
        false);
  }

  private static <C extends Comparable<? super C>> String evolve(
      SearchSpace space,
      CandidatePool pool,
      Function<Optional<EvaluationResult>, C> fitness,
      Selector<IntegerGene, C> offspring,
      Selector<IntegerGene, C> survivors,
      boolean steadyLimit) {
    SearchBudget budget = space.spec().search();
    SearchBudget.Evolution evo = budget.evolution();
    // Generation 0 is the initial population; 1..generations are the evolved ones.
    AtomicInteger generation = new AtomicInteger(-1);
    io.jenetics.engine.Evaluator<IntegerGene, C> evaluator =
        population -> evaluate(population, pool, generation.incrementAndGet(), fitness);
    IntSupplier next = () -> generation.get() + 1;
    Factory<Genotype<IntegerGene>> valid = validGenotypes(space, pool, next);
    Constraint<IntegerGene, C> constraint =
        new Constraint<>() {
          @Override
          public boolean test(Phenotype<IntegerGene, C> individual) {
            return pool.rejection(Genotypes.toArray(individual.genotype()), next.getAsInt())
                .isEmpty();
          }

          @Override
          public Phenotype<IntegerGene, C> repair(
              Phenotype<IntegerGene, C> individual, long generation) {
            return Phenotype.of(valid.newInstance(), generation);
          }
        };
    Engine<IntegerGene, C> engine =
        new Engine.Builder<>(evaluator, valid)
            .populationSize(budget.population())
            .offspringSelector(offspring)
            .survivorsSelector(survivors)
            .alterers(
                new Mutator<>(evo.mutationRate()),
                new GenotypeCrossover<>(evo.crossoverRate(), evo.crossover()))
            .maximalPhenotypeAge(evo.maxAge())
            .constraint(constraint)
            .executor(Runnable::run)
            .maximizing()
            .build();
    Random random = new Random(space.spec().seed());
    String[] steady = {null};
    RandomRegistry.using(
        random,
        r -> {
          Stream<EvolutionResult<IntegerGene, C>> stream =
              engine.stream(Genotypes.initial(space)).limit(result -> pool.stopReason().isEmpty());
          if (steadyLimit) {
            var bySteady = Limits.<C>bySteadyFitness(budget.steadyGenerations().getAsInt());
            stream =
                stream.takeWhile(
                    result -> {
                      boolean go = bySteady.test(result);
                      steady[0] = go ? null : "steady-fitness";
                      return go;
                    });
          }
          stream.limit(budget.generations()).forEach(result -> {});
        });
    return pool.stopReason().orElse(steady[0] != null ? steady[0] : "generations");
  }

  /**
   * Random genotypes that decode to trainable architectures: invalid draws are recorded and redrawn
   * (up to {@value #RESAMPLE_LIMIT} times, then the last one is used and recorded as invalid when
   * evaluated).
   */
  private static Factory<Genotype<IntegerGene>> validGenotypes(
      SearchSpace space, CandidatePool pool, IntSupplier generation) {
    Factory<Genotype<IntegerGene>> any = Genotypes.factory(space);
    return () -> {
      Genotype<IntegerGene> genotype = any.newInstance();
      for (int tries = 1;
          tries < RESAMPLE_LIMIT
              && pool.rejection(Genotypes.toArray(genotype), generation.getAsInt()).isPresent();
          tries++) {
        genotype = any.newInstance();
      }
      return genotype;
    };
  }

  private static <C extends Comparable<? super C>> ISeq<Phenotype<IntegerGene, C>> evaluate(
      Seq<Phenotype<IntegerGene, C>> population,
      CandidatePool pool,
      int generation,
      Function<Optional<EvaluationResult>, C> fitness) {
    List<int[]> todo = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < population.size(); i++) {
      if (!population.get(i).isEvaluated()) {
        todo.add(Genotypes.toArray(population.get(i).genotype()));
        positions.add(i);
      }
    }
    List<Optional<EvaluationResult>> results = pool.evaluate(todo, generation);
    List<Phenotype<IntegerGene, C>> out = new ArrayList<>(population.asList());
    for (int j = 0; j < positions.size(); j++) {
      int at = positions.get(j);
      out.set(at, out.get(at).withFitness(fitness.apply(results.get(j))));
    }
    return ISeq.of(out);
  }

  /**
   * The control: every generation draws {@code population} new random genotypes (resampling invalid
   * ones; generation 0 starts with the spec's {@code search.initial} architectures) and evaluates
   * them with the same pool and budget as evolution.
   */
  static String random(SearchSpace space, CandidatePool pool) {
    SearchBudget budget = space.spec().search();
    Random random = new Random(space.spec().seed());
    double best = -1;
    int sinceBest = 0;
    for (int generation = 0; generation <= budget.generations(); generation++) {
      List<int[]> batch = new ArrayList<>();
      if (generation == 0) {
        batch.addAll(space.initialGenotypes());
      }
      while (batch.size() < budget.population()) {
        int[] genotype = space.randomGenotype(random);
        for (int tries = 1;
            tries < RESAMPLE_LIMIT && pool.rejection(genotype, generation).isPresent();
            tries++) {
          genotype = space.randomGenotype(random);
        }
        batch.add(genotype);
      }
      List<Optional<EvaluationResult>> results = pool.evaluate(batch, generation);
      if (pool.stopReason().isPresent()) {
        return pool.stopReason().get();
      }
      double generationBest = results.stream().mapToDouble(Fitness::accuracy).max().orElse(0);
      if (generationBest > best) {
        best = generationBest;
        sinceBest = 0;
      } else if (budget.steadyGenerations().isPresent()
          && ++sinceBest >= budget.steadyGenerations().getAsInt()) {
        return "steady-fitness";
      }
    }
    return "generations";
  }
}
