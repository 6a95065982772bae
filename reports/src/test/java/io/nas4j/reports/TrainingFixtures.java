package io.nas4j.reports;

import io.nas4j.space.Provenance;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.Origin;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Training reports of a run's candidates, for the reports' tests. */
final class TrainingFixtures {

  private TrainingFixtures() {}

  /** A training of {@code c} with one seed per test accuracy, each seed's flip TTA +0.002. */
  static TrainingReport training(
      CandidateEntry c, List<Double> accuracies, Optional<Double> ensemble) {
    Trainee trainee =
        new Trainee(c.key(), c.architecture(), Optional.of(new Origin(1, c.seed(), c.result())));
    List<SeedRun> runs = new ArrayList<>();
    for (int i = 0; i < accuracies.size(); i++) {
      runs.add(
          new SeedRun(
              c.key(),
              c.seed() + i,
              c.result(),
              Optional.of(score(accuracies.get(i))),
              Optional.of(score(accuracies.get(i) + 0.002)),
              ensemble.isPresent() ? Optional.of("models/seed-" + i + ".zip") : Optional.empty()));
    }
    return new TrainingReport(
        TrainingReport.Kind.TRAIN,
        "2026-12-01T10:00:00Z",
        Optional.of("runs/sample"),
        List.of(trainee),
        new TrainingReport.Data(
            new DatasetSpec(DatasetKind.IDX, "/data", true), 54000, 6000, 10000, 42),
        TrainingRecipe.retrainDefaults(true),
        true,
        1,
        runs,
        ensemble.map(
            e -> new TrainingReport.Ensemble(score(e), Optional.empty(), OptionalDouble.empty())),
        60,
        Provenance.of(Map.of()));
  }

  static TestScore score(double accuracy) {
    int right = (int) Math.round(accuracy * 1000);
    return new TestScore(
        right / 1000.0, 0.4, 1000, List.of("a", "b"), new int[][] {{right, 0}, {1000 - right, 0}});
  }
}
