package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.recipe.Augmentation;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains one candidate with DL4J as its recipe says: an epoch loop over shuffled (and perhaps
 * augmented) mini-batches, validation after every epoch, early stopping on validation accuracy
 * (patience and min-delta), a wall-clock limit, the learning-rate schedule, a pruning hook, and the
 * best epoch's weights restored at the end; with the recipe's {@code emaDecay}, a moving average of
 * the weights ({@link WeightAverage}) is what is validated, kept and restored. The data must be
 * split as the recipe says (see {@link PreparedData}). Failures become results.
 *
 * <p>Early stopping is our own loop, not DL4J's {@code EarlyStoppingTrainer}, whose M2.1 version
 * throws when its time limit fires before the first epoch ends and reports 0.0 as the best score.
 */
public final class Trainer {

  /**
   * How this JVM trains, whatever the recipe: ND4J threads, garbage collection, the memory limit.
   *
   * @param threads ND4J threads per operation (0 = ND4J's default)
   * @param gcMinIterations the fewest mini-batches between two {@code System.gc()} calls, which
   *     free DL4J's native buffers (0 = never; without them memory grows about 10 MB per
   *     mini-batch); collections come later when they would take more than about 2% of the time
   *     ({@link CollectionPacing})
   * @param memoryLimitBytes candidates whose estimated training memory is above this fail as "out
   *     of memory" before they are built
   */
  public record Options(int threads, int gcMinIterations, long memoryLimitBytes) {

    public Options {
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0, but was " + threads);
      }
      if (gcMinIterations < 0) {
        throw new IllegalArgumentException(
            "gcMinIterations must be >= 0, but was " + gcMinIterations);
      }
    }

    public static Options defaults() {
      long limit = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Runtime.getRuntime().maxMemory();
      return new Options(0, 20, limit);
    }

    public Options withThreads(int count) {
      return new Options(count, gcMinIterations, memoryLimitBytes);
    }

    public Options withMemoryLimit(long bytes) {
      return new Options(threads, gcMinIterations, bytes);
    }

    public Options withGcMinIterations(int iterations) {
      return new Options(threads, iterations, memoryLimitBytes);
    }
  }

  /** A result, and the network at its best epoch when one completed (ok and pruned results). */
  public record Outcome(EvaluationResult result, Optional<Network> network) {}

  private static final int VALIDATION_BATCH = 500;

  /**
   * A mean training loss above this multiple of the loss of uniform guessing ({@code ln(classes)})
   * counts as divergence. DL4J clips the softmax, so a diverged net often shows a large finite loss
   * rather than NaN.
   */
  static final double DIVERGENCE_FACTOR = 3;

  private final TrainingData data;
  private final Options options;

  public Trainer(TrainingData data, Options options) {
    this.data = data;
    this.options = options;
  }

  /**
   * Trains and keeps the best network.
   *
   * @throws CancellationException if the calling thread is interrupted (checked between
   *     mini-batches); nothing is returned for a cancelled candidate
   */
  public Outcome train(Candidate candidate, PruningHook pruning) {
    return train(candidate, pruning, score -> {});
  }

  /** As {@link #train(Candidate, PruningHook)}, telling {@code onEpoch} each epoch's scores. */
  public Outcome train(Candidate candidate, PruningHook pruning, Consumer<EpochScore> onEpoch) {
    return new Run(candidate, pruning, onEpoch).run();
  }

  /**
   * Trains {@code network} for {@code warmupBatches} mini-batches, then one full epoch over the
   * training split, and returns the epoch's training images per second (for benchmarks).
   */
  public double epochThroughput(Network network, int batchSize, int warmupBatches) {
    Batches train = data.train();
    int[] order = train.storedOrder();
    for (int b = 0; b < warmupBatches; b++) {
      int from = (b * batchSize) % Math.max(1, train.size() - batchSize);
      network.fit(train.batch(order, from, Math.min(train.size(), from + batchSize)));
    }
    CollectionPacing.Pacer collections = CollectionPacing.JVM.pacer(options.gcMinIterations());
    long start = System.nanoTime();
    for (int from = 0; from < train.size(); from += batchSize) {
      network.fit(train.batch(order, from, Math.min(train.size(), from + batchSize)));
      collections.afterIteration();
    }
    return train.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Accuracy and mean cross-entropy of {@code network} on the validation split. */
  public Score validate(Network network) {
    return score(network, data.validation());
  }

  /** Accuracy and mean cross-entropy of {@code network} on {@code batches}. */
  static Score score(Network network, Batches batches) {
    int[] order = batches.storedOrder();
    ScoreAccumulator scores = new ScoreAccumulator(batches.classes());
    for (int from = 0; from < batches.size(); from += VALIDATION_BATCH) {
      int to = Math.min(batches.size(), from + VALIDATION_BATCH);
      DataSet batch = batches.batch(order, from, to);
      int offset = from;
      scores.add(
          network.output(batch.getFeatures()).toFloatMatrix(), i -> batches.label(offset + i));
    }
    return new Score(scores.accuracy(), scores.loss());
  }

  /**
   * The validation scores {@code network} would have with {@code params} instead of its own (which
   * it has again afterwards).
   */
  private Score scoreOf(Network network, INDArray params) {
    INDArray own = network.params().dup();
    network.setParams(params);
    try {
      return score(network, data.validation());
    } finally {
      network.setParams(own);
    }
  }

  /** Accuracy in [0, 1] and mean cross-entropy loss. */
  public record Score(double accuracy, double loss) {}

  /** The state of one training run. */
  private final class Run {
    private final Candidate candidate;
    private final PruningHook pruning;
    private final Consumer<EpochScore> onEpoch;
    private final long start = System.nanoTime();
    private final List<EpochScore> curve = new ArrayList<>();
    private long trainedImages;
    private long trainingNanos;
    private String environment = "";
    private Analysis analysis;
    private Architecture architecture;

    Run(Candidate candidate, PruningHook pruning, Consumer<EpochScore> onEpoch) {
      this.candidate = candidate;
      this.pruning = pruning;
      this.onEpoch = onEpoch;
    }

    Outcome run() {
      architecture = candidate.trained();
      analysis = Analysis.of(architecture);
      if (!analysis.valid()) {
        return new Outcome(
            EvaluationResult.invalid(
                analysis.invalidReason().orElseThrow(), analysis.params(), analysis.macs()),
            Optional.empty());
      }
      Dl4jRuntime.init(options.threads());
      environment = Dl4jRuntime.describe();
      long needed =
          Math.max(
              MemoryEstimate.trainingBytes(analysis, architecture.training().batchSize()),
              MemoryEstimate.validationBytes(analysis, VALIDATION_BATCH));
      if (needed > options.memoryLimitBytes()) {
        return failed(
            "out-of-memory",
            "out of memory: training needs about %s (estimate), the limit is %s"
                .formatted(
                    MemoryEstimate.gib(needed), MemoryEstimate.gib(options.memoryLimitBytes())));
      }
      Network network = null;
      try {
        network = Network.build(architecture, candidate.seed(), candidate.recipe().weightDecay());
        Optional<Path> from = candidate.checkpoint().from();
        if (from.isPresent()) {
          try {
            TrainingState.load(network, from.get());
          } catch (IOException e) {
            return failed("error", "cannot continue from " + from.get() + ": " + e.getMessage());
          }
        }
        Outcome outcome = loop(network);
        save(outcome);
        return outcome;
      } catch (CancellationException e) {
        throw e;
      } catch (OutOfMemoryError e) {
        network = null;
        System.gc();
        return failed("out-of-memory", "out of memory: " + oneLine(e.getMessage()));
      } catch (RuntimeException | LinkageError | AssertionError e) {
        return failed("error", e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
      }
    }

    private Outcome loop(Network network) {
      TrainingRecipe recipe = candidate.recipe();
      Batches train = data.train();
      int batchSize = architecture.training().batchSize();
      // Without a time limit, a deadline no training reaches (and no overflow in nanoTime sums).
      long deadline =
          start + recipe.timeLimitSeconds().orElse(10 * 365 * 24 * 3600) * 1_000_000_000L;
      SplittableRandom shuffle = new SplittableRandom(candidate.seed());
      SplittableRandom augment = new SplittableRandom(candidate.seed() ^ 0x2545F4914F6CDD1DL);
      Augmentation augmentation = recipe.augmentation();
      double smoothing = recipe.labelSmoothing();
      int patience = recipe.patience().orElse(Integer.MAX_VALUE);
      int[] order = train.storedOrder();
      int bestEpoch = 0;
      double bestAccuracy = -1;
      double patienceReference = Double.NEGATIVE_INFINITY;
      int sinceImprovement = 0;
      INDArray bestParams = null;
      Status status = Status.OK;
      String stopReason = "max-epochs";
      long iterations = 0;
      double learningRate = architecture.training().learningRate();
      int totalBatches = (train.size() + batchSize - 1) / batchSize;
      long loopStart = System.nanoTime();
      boolean cosine = recipe.schedule() == RateSchedule.COSINE;
      CollectionPacing.Pacer collections = CollectionPacing.JVM.pacer(options.gcMinIterations());
      WeightAverage average =
          recipe.emaDecay() > 0 ? new WeightAverage(recipe.emaDecay(), network.params()) : null;
      for (int epoch = 1; epoch <= recipe.maxEpochs(); epoch++) {
        Splits.shuffle(order, shuffle);
        double lossSum = 0;
        int batches = 0;
        boolean outOfTime = false;
        long epochStart = System.nanoTime();
        for (int from = 0; from < train.size(); from += batchSize) {
          if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("training cancelled");
          }
          int to = Math.min(train.size(), from + batchSize);
          if (cosine && iterations % CosinePlan.SCHEDULE_EVERY == 0) {
            long planned =
                CosinePlan.plannedIterations(
                    iterations,
                    (long) epoch * totalBatches,
                    totalBatches,
                    recipe.maxEpochs(),
                    loopStart,
                    deadline);
            network.setLearningRate(CosinePlan.cosine(learningRate, iterations, planned));
          }
          // DL4J's score adds the weight-decay penalty (coefficient/2 times the sum of squared
          // weights before the update), which is no loss on the data and could read as
          // divergence: take it off.
          double penalty = recipe.weightDecay() > 0 ? network.regularizationScore() : 0;
          network.fit(train.batch(order, from, to, augmentation, augment, smoothing));
          if (average != null) {
            average.update(network.params());
          }
          double loss = network.score() - penalty;
          batches++;
          if (!Double.isFinite(loss)) {
            trainingNanos += System.nanoTime() - epochStart;
            return failed(
                "diverged",
                "diverged: training loss %s at epoch %d, batch %d".formatted(loss, epoch, batches));
          }
          lossSum += loss;
          trainedImages += to - from;
          iterations++;
          collections.afterIteration();
          if (System.nanoTime() > deadline && to < train.size()) {
            outOfTime = true;
            break;
          }
        }
        trainingNanos += System.nanoTime() - epochStart;
        if (outOfTime && curve.isEmpty()) {
          return failed(
              "too-slow",
              "too slow: time limit %d s reached in epoch 1 after %d of %d batches"
                  .formatted(recipe.timeLimitSeconds().orElse(0), batches, totalBatches));
        }
        if (outOfTime) {
          stopReason = "time-limit";
          break;
        }
        double meanLoss = lossSum / batches;
        double guessing = Math.log(architecture.classes());
        if (meanLoss > DIVERGENCE_FACTOR * guessing) {
          return failed(
              "diverged",
              "diverged: training loss %.3g in epoch %d, over %.0fx that of guessing (%.3g)"
                  .formatted(meanLoss, epoch, DIVERGENCE_FACTOR, guessing));
        }
        Score score = score(network, data.validation());
        OptionalDouble trained = OptionalDouble.empty();
        INDArray kept = network.params();
        if (average != null) {
          trained = OptionalDouble.of(score.accuracy());
          score = scoreOf(network, average.average());
          kept = average.average();
        }
        EpochScore epochScore =
            new EpochScore(
                epoch, score.accuracy(), score.loss(), lossSum / batches, elapsed(), trained);
        curve.add(epochScore);
        onEpoch.accept(epochScore);
        if (score.accuracy() > bestAccuracy) {
          bestAccuracy = score.accuracy();
          bestEpoch = epoch;
          bestParams = kept.dup();
        }
        if (score.accuracy() > patienceReference + recipe.minDelta()) {
          patienceReference = score.accuracy();
          sinceImprovement = 0;
        } else {
          sinceImprovement++;
        }
        if (pruning.shouldPrune(epoch, score.accuracy())) {
          status = Status.PRUNED;
          stopReason = "pruned";
          break;
        }
        if (sinceImprovement >= patience) {
          stopReason = "patience";
          break;
        }
        if (System.nanoTime() > deadline && epoch < recipe.maxEpochs()) {
          stopReason = "time-limit";
          break;
        }
        if (cosine
            && epoch < recipe.maxEpochs()
            && CosinePlan.plannedIterations(
                    iterations, iterations, totalBatches, recipe.maxEpochs(), loopStart, deadline)
                <= iterations) {
          stopReason = "time-limit";
          break;
        }
        if (recipe.schedule() == RateSchedule.PLATEAU && sinceImprovement > 0) {
          learningRate *= recipe.plateauFactor();
          network.setLearningRate(learningRate);
        }
      }
      network.setParams(bestParams);
      EvaluationResult result =
          new EvaluationResult(
              status,
              curve,
              OptionalInt.of(bestEpoch),
              curve.size(),
              stopReason,
              elapsed(),
              imagesPerSecond(),
              analysis.params(),
              analysis.macs(),
              environment,
              Optional.empty());
      return new Outcome(result, Optional.of(network));
    }

    /**
     * Leaves the trained state where the candidate's checkpoint says. A state that cannot be
     * written costs nothing but the continuation: the next rung then starts from the initial
     * weights (the search journals which).
     */
    private void save(Outcome outcome) {
      Optional<Path> to = candidate.checkpoint().to();
      if (to.isEmpty() || outcome.network().isEmpty()) {
        return;
      }
      try {
        TrainingState.save(outcome.network().get(), to.get());
      } catch (IOException | RuntimeException e) {
        System.err.println("nas4j: could not save the training state " + to.get() + ": " + e);
      }
    }

    private Outcome failed(String reason, String message) {
      System.gc();
      return new Outcome(
          new EvaluationResult(
              Status.FAILED,
              curve,
              OptionalInt.empty(),
              curve.size(),
              reason,
              elapsed(),
              imagesPerSecond(),
              analysis.params(),
              analysis.macs(),
              environment,
              Optional.of(message)),
          Optional.empty());
    }

    private double elapsed() {
      return (System.nanoTime() - start) / 1e9;
    }

    private double imagesPerSecond() {
      return trainingNanos == 0 ? 0 : trainedImages / (trainingNanos / 1e9);
    }
  }

  static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
