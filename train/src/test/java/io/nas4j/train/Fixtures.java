package io.nas4j.train;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.training.TrainingReport.Origin;
import io.nas4j.space.training.TrainingReport.Trainee;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Small architectures and results for the final training's tests. */
final class Fixtures {

  private Fixtures() {}

  static Architecture arch(String notation) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-3, 64));
  }

  /** A run's candidate of {@code rank}, searched with seed {@code 100 * rank}. */
  static Trainee trainee(int rank, String notation) {
    Architecture a = arch(notation);
    return new Trainee(
        CanonicalKey.of(a),
        a,
        Optional.of(new Origin(rank, 100L * rank, result(a, Status.OK, 0.8, 3))));
  }

  /** A result whose validation accuracy rises to {@code accuracy} at its last epoch. */
  static EvaluationResult result(Architecture a, Status status, double accuracy, int epochs) {
    boolean trained = status != Status.FAILED;
    List<EpochScore> curve = new ArrayList<>();
    for (int e = 1; trained && e <= epochs; e++) {
      double acc = accuracy - 0.01 * (epochs - e);
      curve.add(new EpochScore(e, acc, 1 - acc, 1.2 - acc, e));
    }
    Analysis analysis = Analysis.of(a);
    return new EvaluationResult(
        status,
        curve,
        trained ? OptionalInt.of(epochs) : OptionalInt.empty(),
        curve.size(),
        switch (status) {
          case OK -> "max-epochs";
          case PRUNED -> "pruned";
          default -> "diverged";
        },
        epochs,
        100,
        analysis.params(),
        analysis.macs(),
        "fake",
        trained ? Optional.empty() : Optional.of("diverged: training loss NaN"));
  }
}
