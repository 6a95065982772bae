package io.nas4j.evaluator.bench;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.dl4j.Dl4jEvaluator;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.evaluator.dl4j.PreparedData;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.spec.SpecReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains many candidates of the default space one after the other (or {@code --parallel P} at a
 * time) in one JVM and prints the process RSS after each, to measure memory across candidates and
 * the throughput of a parallel split. Usage: {@code CandidateBench [--candidates N] [--parallel P]
 * [--threads T] [--train N] [--epochs E] [--gc-min K] [--seed S]}.
 */
public final class CandidateBench {

  private CandidateBench() {}

  public static void main(String[] args) throws Exception {
    int candidates = 50;
    int parallel = 1;
    int threads = 0;
    int train = 2000;
    int epochs = 1;
    int gcMin = 20;
    long seed = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--candidates" -> candidates = Integer.parseInt(args[++i]);
        case "--parallel" -> parallel = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--train" -> train = Integer.parseInt(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--gc-min" -> gcMin = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Dl4jRuntime.init(threads);
    Trainer.Options options =
        Trainer.Options.defaults().withThreads(threads).withGcMinIterations(gcMin);
    Dl4jEvaluator evaluator = new Dl4jEvaluator(PreparedData.of(TrainBench.load()), 1, options);
    SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());
    TrainingRecipe recipe =
        TrainingRecipe.searchDefaults()
            .withTrainSize(OptionalInt.of(train))
            .withValSize(OptionalInt.of(500))
            .withMaxEpochs(epochs)
            .withPatience(OptionalInt.empty())
            .withMinDelta(0)
            .withTimeLimitSeconds(OptionalInt.of(600));
    Random random = new Random(seed);
    List<Architecture> architectures = new ArrayList<>();
    while (architectures.size() < candidates) {
      Architecture arch = space.decode(space.randomGenotype(random));
      if (space.rejection(arch).isEmpty()) {
        architectures.add(arch);
      }
    }
    System.out.printf(
        "backend: %s; %d candidates, %d at a time, %d training images, %d epoch(s), gc at least"
            + " %d batches apart%n",
        Dl4jRuntime.describe(), candidates, parallel, train, epochs, gcMin);
    System.out.printf("RSS before: %d MB%n", TrainBench.rssMegabytes());
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<EvaluationResult>> futures = new ArrayList<>();
    for (int i = 0; i < architectures.size(); i++) {
      Candidate candidate = new Candidate(architectures.get(i), recipe, seed + i);
      futures.add(pool.submit(() -> evaluator.evaluate(candidate, PruningHook.never())));
    }
    long maxRss = 0;
    long firstRss = 0;
    for (int i = 0; i < futures.size(); i++) {
      EvaluationResult r = futures.get(i).get();
      long rss = TrainBench.rssMegabytes();
      maxRss = Math.max(maxRss, rss);
      firstRss = i == 0 ? rss : firstRss;
      System.out.printf(
          "%3d %-7s acc %.3f %6.1f s %6.0f img/s  RSS %5d MB  %s%n",
          i + 1,
          r.status().id(),
          r.bestValAccuracy(),
          r.seconds(),
          r.imagesPerSecond(),
          rss,
          architectures.get(i).notation());
    }
    pool.shutdown();
    double minutes = (System.nanoTime() - start) / 60e9;
    System.out.printf(
        "done: %.2f min, %.1f candidates/min; RSS after candidate 1: %d MB, max: %d MB, last: %d"
            + " MB; %s%n",
        minutes,
        candidates / minutes,
        firstRss,
        maxRss,
        TrainBench.rssMegabytes(),
        TrainBench.collections());
  }
}
