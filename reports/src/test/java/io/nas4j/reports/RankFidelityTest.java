package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.training.TrainingReport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rank fidelity against values computed by hand. */
class RankFidelityTest {

  @TempDir Path dir;

  private List<CandidateEntry> ranked() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/sample-run/journal.jsonl")) {
      Files.write(dir.resolve("journal.jsonl"), in.readAllBytes());
    }
    return Ranking.rank(JournalFile.read(dir));
  }

  @Test
  void fiveArchitecturesAgainstHandComputedTauRhoAndIntervals() throws Exception {
    List<CandidateEntry> ranked = ranked();
    double[] accuracies = {0.9, 0.8, 0.85, 0.7, 0.75};
    Map<String, Integer> ranks = new HashMap<>();
    List<Retraining> trainings = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ranks.put(ranked.get(i).key(), i + 1);
      trainings.add(
          new Retraining(
              "t" + i,
              TrainingFixtures.training(ranked.get(i), List.of(accuracies[i]), Optional.empty())));
    }
    assertTrue(RankFidelity.of(ranks, trainings.subList(0, 4)).isEmpty(), "4 are too few");
    RankFidelity f = RankFidelity.of(ranks, trainings).orElseThrow();
    // concordant pairs 8, discordant 2: tau = 6/10; rank differences 0,1,1,1,1: rho = 1 - 24/120
    assertEquals(0.6, f.tau(), 1e-12);
    assertEquals(0.8, f.rho(), 1e-12);
    // Fisher z: atanh(0.6) +- 1.959964 * sqrt(0.437 / 1); atanh(0.8) +- 1.959964 * 1.06 / sqrt(2)
    assertEquals(Math.tanh(0.693147 - 1.959964 * Math.sqrt(0.437)), f.tauLow(), 1e-5);
    assertEquals(Math.tanh(0.693147 + 1.959964 * Math.sqrt(0.437)), f.tauHigh(), 1e-5);
    assertEquals(Math.tanh(1.098612 - 1.959964 * 1.06 / Math.sqrt(2)), f.rhoLow(), 1e-5);
    assertEquals(Math.tanh(1.098612 + 1.959964 * 1.06 / Math.sqrt(2)), f.rhoHigh(), 1e-5);
    assertEquals(-0.5388, f.tauLow(), 1e-4);
    assertEquals(0.9883, f.rhoHigh(), 1e-4);
    assertTrue(
        f.text().startsWith("Kendall's tau 0.60 [-0.54, 0.96], Spearman's rho 0.80 [-0.35, 0.99]"),
        f.text());
  }

  /** A longer training of two of them (another recipe) does not mix into the comparison. */
  @Test
  void onlyTrainingsWithTheMostCommonRecipeCount() throws Exception {
    List<CandidateEntry> ranked = ranked();
    double[] accuracies = {0.9, 0.8, 0.85, 0.7, 0.75};
    Map<String, Integer> ranks = new HashMap<>();
    List<Retraining> trainings = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ranks.put(ranked.get(i).key(), i + 1);
      trainings.add(
          new Retraining(
              "t" + i,
              TrainingFixtures.training(ranked.get(i), List.of(accuracies[i]), Optional.empty())));
    }
    for (int i = 3; i < 5; i++) { // ranks 4 and 5 trained long: far better, another recipe
      TrainingReport r = TrainingFixtures.training(ranked.get(i), List.of(0.99), Optional.empty());
      trainings.add(
          new Retraining(
              "long" + i,
              new TrainingReport(
                  r.kind(),
                  r.created(),
                  r.run(),
                  r.trainees(),
                  r.data(),
                  r.recipe().withMaxEpochs(99),
                  r.flipTest(),
                  r.parallel(),
                  r.trainings(),
                  r.ensemble(),
                  r.seconds(),
                  r.provenance())));
    }
    RankFidelity f = RankFidelity.of(ranks, trainings).orElseThrow();
    assertEquals(0.6, f.tau(), 1e-12);
    assertEquals(0.75, f.pairs().get(4).testAccuracy(), 1e-12);
  }

  @Test
  void aReportWithFiveLongTrainingsShowsIt() throws Exception {
    List<CandidateEntry> ranked = ranked();
    for (int i = 0; i < 5; i++) {
      Path folder = Files.createDirectories(dir.resolve("train/t" + i));
      Files.writeString(
          folder.resolve("metrics.json"),
          io.nas4j.space.training.TrainingReportCodec.write(
              TrainingFixtures.training(ranked.get(i), List.of(0.9 - 0.01 * i), Optional.empty())),
          StandardCharsets.UTF_8);
    }
    RunReport report = Reports.write(dir, 10);
    assertEquals(1.0, report.fidelity().orElseThrow().tau(), 1e-12);
    assertTrue(
        Files.readString(dir.resolve("report.md"))
            .contains("**Rank fidelity:** Kendall's tau 1.00"));
  }
}
