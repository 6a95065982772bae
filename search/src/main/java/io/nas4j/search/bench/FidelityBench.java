package io.nas4j.search.bench;

import io.nas4j.evaluator.dl4j.Dl4jModelTrainer;
import io.nas4j.reports.Renderers;
import io.nas4j.reports.Reports;
import io.nas4j.reports.Retraining;
import io.nas4j.reports.RunReport;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReportCodec;
import io.nas4j.train.FinalTraining;
import io.nas4j.train.Output;
import io.nas4j.train.SearchRun;
import io.nas4j.train.TrainingListener;
import io.nas4j.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Rank fidelity of a finished run: trains its {@code top} best-ranked architectures and {@code
 * random} more drawn (seeded) from the rest, each with the run's retrain recipe for a fixed time
 * ({@code minutes}, no patience stop, cosine over the epochs that fit), {@code parallel} at a time,
 * into {@code RUN/train/} (skipping those a call before trained with the same recipe), then
 * rewrites the run's reports, which show Kendall's tau and Spearman's rho between the search's
 * ranks and the test accuracies. Usage: {@code FidelityBench RUN TOP RANDOM MINUTES PARALLEL SEED};
 * the JVM's ND4J threads (OMP_NUM_THREADS) are each training's.
 */
public final class FidelityBench {

  /** The suffix of a fidelity training's folder name after the architecture's key. */
  static final String SUFFIX = "-fidelity";

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
    Path train = folder.resolve(Retraining.TRAIN);
    for (int rank : ranks) {
      TrainingPlan plan = TrainingPlan.rank(run, rank).withRecipe(recipe).withFlipTest(false);
      Optional<Path> before = earlier(train, run.ranked().get(rank - 1).key(), plan.recipe());
      if (before.isPresent()) {
        System.out.printf("rank %3d  trained before: %s%n", rank, before.get().getFileName());
        continue;
      }
      done.add(
          pool.submit(
              () -> {
                FinalTraining.Result r =
                    FinalTraining.run(
                        plan, trainer, Output.in(train).withSuffix(SUFFIX), TrainingListener.NONE);
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

  /**
   * A fidelity training of {@code key} with {@code recipe} that an earlier call left under {@code
   * train} ({@code <key>-fidelity}, {@code <key>-fidelity-2}, ...), if any: a second call (after
   * the ranking changed, or with a larger --top) trains only the architectures that lack one.
   */
  static Optional<Path> earlier(Path train, String key, TrainingRecipe recipe) throws IOException {
    if (!Files.isDirectory(train)) {
      return Optional.empty();
    }
    List<Path> folders;
    try (Stream<Path> list = Files.list(train)) {
      folders =
          list.filter(p -> p.getFileName().toString().startsWith(key + SUFFIX)).sorted().toList();
    }
    for (Path f : folders) {
      Path metrics = f.resolve(TrainingReport.FILE);
      if (!Files.isRegularFile(metrics)) {
        continue;
      }
      TrainingReport r;
      try {
        r = TrainingReportCodec.read(metrics);
      } catch (IOException | IllegalArgumentException e) {
        continue; // unreadable: trained again, and the reports name the file
      }
      if (r.kind() == TrainingReport.Kind.TRAIN
          && r.trainees().size() == 1
          && r.chosen().key().equals(key)
          && r.recipe().equals(recipe)
          && r.accuracies().n() > 0) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
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
