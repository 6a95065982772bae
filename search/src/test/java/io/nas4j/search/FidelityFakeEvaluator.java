package io.nas4j.search;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A deterministic, instant evaluator whose low fidelity misleads: every network has a quality (from
 * its key, in [0, 0.1]); a short recipe (at most {@code SHORT} epochs) adds a bias towards shallow
 * nets, as a few epochs favour nets that learn fast, and a longer one a larger bonus for deep nets,
 * as at full training. It counts trainings per key and number of epochs.
 */
final class FidelityFakeEvaluator implements Evaluator {

  static final int SHORT = 2;

  final Map<String, Integer> trainings = new ConcurrentHashMap<>();
  private final long delayMillis;
  private final Path calls;

  FidelityFakeEvaluator(long delayMillis) {
    this(delayMillis, null);
  }

  /**
   * @param calls if not null, each evaluation appends {@code start KEY@EPOCHS} when it begins and
   *     {@code end KEY@EPOCHS} when it ends
   */
  FidelityFakeEvaluator(long delayMillis, Path calls) {
    this(delayMillis, calls, false);
  }

  /**
   * @param keepsState if true, it honours checkpoints: writes a small file where a training is to
   *     leave its state, and logs {@code from KEY@EPOCHS} (before {@code start}) when a training
   *     starts from a state on disk; the accuracies do not depend on it
   */
  FidelityFakeEvaluator(long delayMillis, Path calls, boolean keepsState) {
    this.delayMillis = delayMillis;
    this.calls = calls;
    this.keepsState = keepsState;
  }

  private final boolean keepsState;

  /** The extra delay of a training, from its key and epochs ({@code KEY@EPOCHS}). */
  private ToLongFunction<String> extraDelay = job -> 0;

  /** Each training also sleeps {@code millis} of its job ({@code KEY@EPOCHS}). */
  FidelityFakeEvaluator delaying(ToLongFunction<String> millis) {
    this.extraDelay = millis;
    return this;
  }

  /** The nets scored {@link #penalty} lower at every fidelity. */
  private Predicate<Architecture> penalised = a -> false;

  private double penalty;

  /**
   * Scores every graph (a net with a residual or multi-branch block) {@code penalty} below what a
   * chain with its key and depth would score, at every fidelity.
   */
  FidelityFakeEvaluator penalisingGraphs(double penalty) {
    return penalising(Architecture::graph, penalty);
  }

  /** The nets {@link #slowness} times slower to train than others; none unless set. */
  private Predicate<Architecture> slow = a -> false;

  private double slowness = 1;

  /**
   * Reports every training's seconds as its epochs (a net {@code which} accepts: {@code factor}
   * seconds an epoch) instead of 0.01 s; it still returns at once.
   */
  FidelityFakeEvaluator taking(Predicate<Architecture> which, double factor) {
    this.slow = which;
    this.slowness = factor;
    return this;
  }

  /** Scores every net that {@code which} accepts {@code penalty} lower, at every fidelity. */
  FidelityFakeEvaluator penalising(Predicate<Architecture> which, double penalty) {
    this.penalised = which;
    this.penalty = penalty;
    return this;
  }

  @Override
  public boolean keepsState() {
    return keepsState;
  }

  private void log(String line) {
    if (calls != null) {
      synchronized (FidelityFakeEvaluator.class) {
        try {
          Files.writeString(
              calls, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  static int convolutions(Analysis analysis) {
    return (int)
        analysis.layers().stream().filter(l -> l.layer() instanceof Layer.Convolution).count();
  }

  /** The accuracy a candidate reaches with a recipe of {@code epochs} epochs. */
  static double accuracy(Analysis analysis, String key, int epochs) {
    int convs = convolutions(analysis);
    double quality = Math.floorMod(key.hashCode(), 1009) / 1009.0 * 0.1;
    return epochs <= SHORT ? 0.75 + quality - 0.01 * convs : 0.75 + quality + 0.02 * convs;
  }

  @Override
  public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
    String job = CanonicalKey.of(candidate.architecture()) + "@" + candidate.recipe().maxEpochs();
    if (keepsState && candidate.checkpoint().from().isPresent()) {
      if (!Files.isRegularFile(candidate.checkpoint().from().get())) {
        throw new IllegalStateException("no state at " + candidate.checkpoint().from().get());
      }
      log("from " + job);
    }
    log("start " + job);
    long delay = delayMillis + extraDelay.applyAsLong(job);
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        throw new java.util.concurrent.CancellationException("interrupted");
      }
    }
    Analysis analysis = Analysis.of(candidate.architecture());
    String key = CanonicalKey.of(candidate.architecture());
    int epochs = candidate.recipe().maxEpochs();
    trainings.merge(key + "@" + epochs, 1, Integer::sum);
    double last =
        accuracy(analysis, key, epochs) - (penalised.test(candidate.architecture()) ? penalty : 0);
    List<EpochScore> curve = new ArrayList<>();
    Status status = Status.OK;
    for (int e = 1; e <= epochs; e++) {
      double acc = last - 0.01 * (epochs - e);
      curve.add(new EpochScore(e, acc, 1 - acc, 1.1 - acc, e));
      if (pruning.shouldPrune(e, acc)) {
        status = Status.PRUNED;
        break;
      }
    }
    if (keepsState && candidate.checkpoint().to().isPresent()) {
      try {
        Files.createDirectories(candidate.checkpoint().to().get().getParent());
        Files.writeString(candidate.checkpoint().to().get(), job);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    log("end " + job);
    return new EvaluationResult(
        status,
        curve,
        OptionalInt.of(curve.size()),
        curve.size(),
        status == Status.PRUNED ? "pruned" : "max-epochs",
        slowness == 1 ? 0.01 : curve.size() * (slow.test(candidate.architecture()) ? slowness : 1),
        1000,
        analysis.params(),
        analysis.macs(),
        "fake",
        Optional.empty());
  }
}
