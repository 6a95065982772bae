package io.nas4j.search;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Analysis;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic, instant evaluator for testing the search: accuracy grows with the share of 3x3
 * kernels, batch norm and a moderate size, so that there is something to optimise; it honours the
 * pruning hook and counts how often each key was trained.
 */
final class FakeEvaluator implements Evaluator {

  final Map<String, Integer> trainings = new ConcurrentHashMap<>();
  private final long delayMillis;
  private final Path calls;

  FakeEvaluator() {
    this(0, null);
  }

  /**
   * @param delayMillis time each evaluation takes (interruptible, like real training)
   * @param calls if not null, each finished evaluation appends its key to this file
   */
  FakeEvaluator(long delayMillis, Path calls) {
    this.delayMillis = delayMillis;
    this.calls = calls;
  }

  static double quality(Analysis analysis) {
    int convs = 0;
    int threes = 0;
    int norms = 0;
    for (Analysis.LayerCost cost : analysis.layers()) {
      if (cost.layer() instanceof Layer.Conv c) {
        convs++;
        threes += c.kernel() == 3 ? 1 : 0;
      } else if (cost.layer() instanceof Layer.SeparableConv c) {
        convs++;
        threes += c.kernel() == 3 ? 1 : 0;
      } else if (cost.layer() instanceof Layer.BatchNorm) {
        norms++;
      }
    }
    double size = Math.min(1.0, Math.log10(Math.max(10, analysis.macs())) / 7);
    return 0.5 * threes / Math.max(1, convs) + 0.2 * Math.min(1, norms / 2.0) + 0.3 * size;
  }

  @Override
  public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
    Analysis analysis = Analysis.of(candidate.architecture());
    String key = CanonicalKey.of(candidate.architecture());
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        throw new CancellationException("interrupted");
      }
    }
    trainings.merge(key, 1, Integer::sum);
    double last = 0.5 + 0.45 * quality(analysis);
    List<EpochScore> curve = new ArrayList<>();
    Status status = Status.OK;
    int epochs = candidate.recipe().maxEpochs();
    for (int e = 1; e <= epochs; e++) {
      double acc = last * (1 - 0.2 / e);
      curve.add(new EpochScore(e, acc, 1 - acc, 1.1 - acc, e));
      if (pruning.shouldPrune(e, acc)) {
        status = Status.PRUNED;
        break;
      }
    }
    if (calls != null) {
      synchronized (FakeEvaluator.class) {
        try {
          Files.writeString(
              calls, key + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new EvaluationResult(
        status,
        curve,
        OptionalInt.of(curve.size()),
        curve.size(),
        status == Status.PRUNED ? "pruned" : "max-epochs",
        0.01,
        1000,
        analysis.params(),
        analysis.macs(),
        "fake",
        Optional.empty());
  }
}
