package io.nas4j.search.bench;

import io.nas4j.evaluator.dl4j.Dl4jModelTrainer;
import io.nas4j.reports.Renderers;
import io.nas4j.reports.Reports;
import io.nas4j.reports.RunReport;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.train.FinalTraining;
import io.nas4j.train.Output;
import io.nas4j.train.SearchRun;
import io.nas4j.train.TrainingListener;
import io.nas4j.train.TrainingPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rank fidelity of a finished run: trains its {@code top} best-ranked architectures and {@code
 * random} more drawn (seeded) from the rest, each with the run's retrain recipe for a fixed time
 * ({@code minutes}, no patience stop, cosine over the epochs that fit), {@code parallel} at a time,
 * into {@code RUN/train/}, then rewrites the run's reports, which show Kendall's tau and Spearman's
 * rho between the search's ranks and the test accuracies. Usage: {@code FidelityBench RUN TOP
 * RANDOM MINUTES PARALLEL SEED}; the JVM's ND4J threads (OMP_NUM_THREADS) are each training's.
 */
public final class FidelityBench {

  private FidelityBench() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int top = Integer.parseInt(args[1]);
    int random = Integer.parseInt(args[2]);
    int minutes = Integer.parseInt(args[3]);
    int parallel = Integer.parseInt(args[4]);
    long seed = Long.parseLong(args[5]);
    SearchRun run = SearchRun.open(folder);
    List<Integer> ranks = ranks(run.ranked().size(), top, random, seed);
    TrainingRecipe recipe =
        run.spec()
            .retrain()
            .withMaxEpochs(TrainingRecipe.MAX_EPOCHS)
            .withPatience(java.util.OptionalInt.empty())
            .withTimeLimitSeconds(java.util.OptionalInt.of(minutes * 60))
            .withSchedule(RateSchedule.COSINE);
    System.out.printf(
        "rank fidelity of %s: ranks %s of %d, %d min each, %d at a time%n",
        folder, ranks, run.ranked().size(), minutes, parallel);
    Dl4jModelTrainer trainer = Dl4jModelTrainer.withThreads(0);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<String>> done = new ArrayList<>();
    for (int rank : ranks) {
      TrainingPlan plan = TrainingPlan.rank(run, rank).withRecipe(recipe).withFlipTest(false);
      done.add(
          pool.submit(
              () -> {
                FinalTraining.Result r =
                    FinalTraining.run(
                        plan,
                        trainer,
                        Output.in(folder.resolve("train")).withSuffix("-fidelity"),
                        TrainingListener.NONE);
                return "rank %3d  test acc %s  %s  %s"
                    .formatted(
                        rank,
                        r.trained() ? "%.4f".formatted(r.report().accuracies().mean()) : "failed",
                        r.report().chosen().architecture().notation(),
                        r.folder().getFileName());
              }));
    }
    for (Future<String> f : done) {
      System.out.println(f.get());
    }
    pool.shutdown();
    RunReport report = Reports.write(folder, 10);
    System.out.print(Renderers.summary(report));
  }

  /** Ranks 1..top, then {@code random} ranks drawn without replacement from the rest. */
  static List<Integer> ranks(int ranked, int top, int random, long seed) {
    List<Integer> out = new ArrayList<>();
    for (int r = 1; r <= Math.min(top, ranked); r++) {
      out.add(r);
    }
    List<Integer> rest = new ArrayList<>();
    for (int r = top + 1; r <= ranked; r++) {
      rest.add(r);
    }
    Collections.shuffle(rest, new Random(seed));
    List<Integer> drawn = new ArrayList<>(rest.subList(0, Math.min(random, rest.size())));
    Collections.sort(drawn);
    out.addAll(drawn);
    return out;
  }
}
