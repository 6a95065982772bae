package io.nas4j.space.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Provenance;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.spec.DatasetKind;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.training.TrainingReport.Data;
import io.nas4j.space.training.TrainingReport.Ensemble;
import io.nas4j.space.training.TrainingReport.Origin;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** metrics.json: a golden file, exact round trips, and refusals that name the key. */
class TrainingReportCodecTest {

  static final String GOLDEN = "/training/golden-metrics.json";

  /** The same report as written by earlier versions after {@code nas train --shortlist 3}. */
  static final String WITH_SHORTLIST = "/training/golden-metrics-shortlist.json";

  /** Two architectures of two seeds (one failed), an ensemble. */
  static TrainingReport sample() {
    Trainee one = trainee(1, "c3x32 bn relu | max2 | d64 relu | out10", 7);
    Trainee four = trainee(4, "c5x16 relu | max2 | c3x32 relu | max2 | out10", 11);
    TrainingRecipe recipe =
        TrainingRecipe.retrainDefaults(true).withMaxEpochs(2).withWeightDecay(0.05);
    return new TrainingReport(
        TrainingReport.Kind.TRAIN,
        "2026-12-01T10:00:00Z",
        Optional.of("runs/sample"),
        List.of(one, four),
        new Data(new DatasetSpec(DatasetKind.IDX, "/data/fashion", true), 2000, 500, 10000, 42),
        recipe,
        true,
        2,
        List.of(
            seedRun(one, 7, 0.86, "models/rank-1-seed-7.zip"),
            seedRun(one, 8, 0.87, "models/rank-1-seed-8.zip"),
            seedRun(four, 11, 0.85, "models/rank-4-seed-11.zip"),
            new SeedRun(
                four.key(),
                12,
                result(four, Status.FAILED, 0),
                Optional.empty(),
                Optional.empty(),
                Optional.empty())),
        Optional.of(
            new Ensemble(score(0.88), Optional.of(score(0.8825)), OptionalDouble.of(0.885))),
        123.5,
        Provenance.of(Map.of("nas4j", "0.1.0", "dl4j", "1.0.0-M2.1", "backend", "cpu")));
  }

  @Test
  void writesTheGoldenFileAndReadsItBack() throws Exception {
    String golden;
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    TrainingReport report = sample();
    assertEquals(golden, TrainingReportCodec.write(report));
    assertEquals(report, TrainingReportCodec.read(golden, "golden"));
    assertEquals(8L, report.model().orElseThrow().seed());
    assertEquals(3, report.ensembleMembers().size());
    assertEquals(0.865, report.accuracies().mean(), 1e-12);
    assertTrue(golden.contains("\"difference\"") == false);
  }

  /** A metrics.json with the trials of an earlier version's shortlist still reads. */
  @Test
  void readsAReportWithShortlistTrials() throws Exception {
    String old;
    try (InputStream in = getClass().getResourceAsStream(WITH_SHORTLIST)) {
      old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(old.contains("\"shortlist\" : {"));
    assertEquals(sample(), TrainingReportCodec.read(old, "old"));
  }

  @Test
  void refusalsNameTheKey() {
    String golden = TrainingReportCodec.write(sample());
    IllegalArgumentException newer =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainingReportCodec.read(
                    golden.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3"), "m.json"));
    assertEquals(
        "m.json: schemaVersion must be 2 (this nas4j's training report schema), but was 3",
        newer.getMessage());
    IllegalArgumentException tta =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingReportCodec.read(golden.replace("\"flip\"", "\"crop\""), "m.json"));
    assertEquals(
        "m.json: testTimeAugmentation must be flip or none, but was 'crop'", tta.getMessage());
    IllegalArgumentException recipe =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainingReportCodec.read(
                    golden.replace("\"weightDecay\" : 0.05", "\"weightDecay\" : 2"), "m.json"));
    assertEquals("m.json: recipe.weightDecay must be in [0, 1), but was 2.0", recipe.getMessage());
  }

  static Trainee trainee(int rank, String notation, long seed) {
    Architecture a =
        Architecture.of(
            Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 3e-3, 64));
    return new Trainee(
        CanonicalKey.of(a), a, Optional.of(new Origin(rank, seed, result(a, Status.OK, 0.85))));
  }

  static EvaluationResult result(Trainee t, Status status, double accuracy) {
    return result(t.architecture(), status, accuracy);
  }

  static EvaluationResult result(Architecture a, Status status, double accuracy) {
    boolean ok = status == Status.OK;
    return new EvaluationResult(
        status,
        ok
            ? List.of(
                new EpochScore(1, accuracy - 0.02, 0.6, 0.7, 10.5),
                new EpochScore(2, accuracy, 0.5, 0.55, 21))
            : List.of(),
        ok ? OptionalInt.of(2) : OptionalInt.empty(),
        ok ? 2 : 0,
        ok ? "max-epochs" : "diverged",
        21.25,
        950,
        1000,
        20000,
        "cpu 1 threads",
        ok ? Optional.empty() : Optional.of("diverged: training loss NaN at epoch 1, batch 3"));
  }

  static SeedRun seedRun(Trainee t, long seed, double accuracy, String file) {
    return new SeedRun(
        t.key(),
        seed,
        result(t, Status.OK, accuracy - 0.01),
        Optional.of(score(accuracy)),
        Optional.of(score(accuracy + 0.0025)),
        Optional.of(file));
  }

  static TestScore score(double accuracy) {
    int right = (int) Math.round(accuracy * 10000);
    return new TestScore(
        right / 10000.0,
        0.35,
        10000,
        List.of("top", "shoe"),
        new int[][] {
          {right / 2, 5000 - right / 2}, {5000 - (right - right / 2), right - right / 2}
        });
  }
}
