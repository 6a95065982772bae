package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics against values computed by hand (Python's statistics module, t and z tables). */
class EvidenceTest {

  static CandidateEntry entry(int index, String notation, double accuracy, long macs) {
    Architecture arch =
        Architecture.of(
            Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-3, 32));
    EvaluationResult result =
        new EvaluationResult(
            Status.OK,
            List.of(new EpochScore(1, accuracy, 0.5, 0.5, 1)),
            OptionalInt.of(1),
            1,
            "max-epochs",
            1,
            1,
            macs,
            macs,
            "test",
            Optional.empty());
    return new CandidateEntry(index, 0, List.of(), "k" + index, arch, 1, result);
  }

  @Test
  void welchContrastOfMaxAndAvgPooling() {
    List<CandidateEntry> c = new ArrayList<>();
    double[] max = {0.8, 0.9, 1.0};
    double[] avg = {0.5, 0.6, 0.7};
    for (int i = 0; i < 3; i++) {
      c.add(entry(i, "c3x8 relu | max2 | out10", max[i], 100));
      c.add(entry(10 + i, "c3x8 relu | avg2 | out10", avg[i], 100));
    }
    Evidence.Finding f =
        Evidence.of(c).stream()
            .filter(x -> x.question().equals("max vs avg pooling"))
            .findFirst()
            .orElseThrow();
    // diff 0.3, se sqrt(0.01/3 + 0.01/3) = 0.0816497, Welch df 4, t(0.975, 4) = 2.7764451
    assertEquals(0.3, f.effect(), 1e-12);
    assertEquals(0.0733042, f.low(), 1e-6);
    assertEquals(0.5266958, f.high(), 1e-6);
    assertEquals(6, f.n());
  }

  @Test
  void spearmanTrendOfCostWithFisherInterval() {
    long[] macs = {1, 2, 3, 4, 5, 6};
    double[] accuracy = {0.1, 0.3, 0.2, 0.4, 0.6, 0.5};
    List<CandidateEntry> c = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      c.add(entry(i, "c3x8 relu | out10", accuracy[i], macs[i]));
    }
    Evidence.Finding f =
        Evidence.of(c).stream()
            .filter(x -> x.question().equals("cost vs accuracy"))
            .findFirst()
            .orElseThrow();
    // rho = 1 - 6 * 4 / (6 * 35) = 0.8857143; tanh(atanh(rho) -+ 1.959964 / sqrt(3))
    assertEquals(0.8857143, f.effect(), 1e-6);
    assertEquals(0.2637127, f.low(), 1e-6);
    assertEquals(0.9874705, f.high(), 1e-6);
  }

  @Test
  void partialSpearmanControlsForCost() {
    // By hand (average ranks for ties): r_xy = 0.5400617, r_xz = 0.7715167, r_yz = 0.9285714;
    // partial = (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)) = -0.7468160;
    // Fisher z interval with se 1 / sqrt(8 - 4): [-0.9599834, +0.0142642]
    String[] nets = {
      "c3x8 relu | out10", "c5x8 relu | out10", "c3x8 relu | out10", "c5x8 relu | out10",
      "c5x8 relu | out10", "c7x8 relu | out10", "c5x8 relu | out10", "c7x8 relu | out10"
    };
    double[] accuracy = {0.55, 0.60, 0.70, 0.62, 0.75, 0.72, 0.85, 0.80};
    List<CandidateEntry> c = new ArrayList<>();
    for (int i = 0; i < nets.length; i++) {
      c.add(entry(i, nets[i], accuracy[i], i + 1));
    }
    Evidence.Finding f =
        Evidence.of(c).stream()
            .filter(x -> x.question().equals("kernel size vs accuracy at matched cost"))
            .findFirst()
            .orElseThrow();
    assertEquals(-0.7468160, f.effect(), 1e-6, f.text());
    assertEquals(-0.9599834, f.low(), 1e-6);
    assertEquals(0.0142642, f.high(), 1e-6);
  }

  /**
   * Runs of a graph space answer "residual vs plain at equal depth" (partial rank correlation
   * controlling for the number of convolutions) and "multi-branch vs single kernel at matched
   * MACs"; chain runs do not ask.
   */
  @Test
  void graphRunsAskAboutResidualAndMultiBranchBlocks() {
    List<CandidateEntry> c = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      c.add(entry(i, "c3x8 relu | c3x8 relu | gap | out10", 0.70 + 0.01 * i, 100 + i));
      c.add(entry(10 + i, "c3x8 relu | res(c3x8) relu | gap | out10", 0.80 + 0.01 * i, 100 + i));
      c.add(
          entry(
              20 + i, "c3x8 relu | c3x8 relu | c3x8 relu | gap | out10", 0.75 + 0.01 * i, 200 + i));
      c.add(
          entry(30 + i, "br(c1x4; c3x4) relu | c3x8 relu | gap | out10", 0.60 + 0.01 * i, 150 + i));
    }
    List<Evidence.Finding> findings = Evidence.of(c);
    Evidence.Finding residual =
        findings.stream()
            .filter(f -> f.question().equals("residual vs plain at equal depth"))
            .findFirst()
            .orElseThrow();
    assertEquals("rho(has a residual block | depth)", residual.measure());
    assertTrue(residual.enoughData() && residual.effect() > 0, residual.text());
    Evidence.Finding branches =
        findings.stream()
            .filter(f -> f.question().equals("multi-branch vs single kernel at matched MACs"))
            .findFirst()
            .orElseThrow();
    assertTrue(branches.enoughData() && branches.effect() < 0, branches.text());
    assertTrue(
        Evidence.of(c.subList(0, 1)).stream().noneMatch(f -> f.question().startsWith("residual")),
        "a chain run does not ask");
  }

  /**
   * "Two stacked 3x3" and "conv bias" look along the chain and inside residual bodies and branches;
   * a block between two 3x3 convs breaks their row.
   */
  @Test
  void patternQuestionsLookInsideBlocks() {
    List<CandidateEntry> c = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      c.add(
          entry(
              i,
              "c1x8 relu | res(c3x8nb bn relu | c3x8nb bn) relu | gap | out10",
              0.80 + 0.01 * i,
              100));
      c.add(
          entry(
              10 + i,
              "c5x8 relu | br(c3x8nb bn relu; c1x8nb bn relu) | gap | out10",
              0.70 + 0.01 * i,
              100));
      c.add(entry(20 + i, "c3x8 relu | res(c1x8) relu | c3x8 relu | gap | out10", 0.75, 100));
    }
    List<Evidence.Finding> findings = Evidence.of(c);
    Evidence.Finding stacked = finding(findings, "two stacked 3x3 vs one 5x5");
    assertTrue(stacked.text().endsWith("(n = 3 + 3)"), stacked.text());
    assertEquals(0.10, stacked.effect(), 1e-9, stacked.text());
    Evidence.Finding bias = finding(findings, "conv bias with batch norm");
    assertTrue(bias.text().contains("bias before BN: 0, no bias before BN: 6"), bias.text());
  }

  private static Evidence.Finding finding(List<Evidence.Finding> findings, String question) {
    return findings.stream().filter(f -> f.question().equals(question)).findFirst().orElseThrow();
  }

  @Test
  void tooFewCandidatesSayNotEnoughData() {
    List<CandidateEntry> c =
        List.of(
            entry(0, "c3x8 relu | max2 | out10", 0.8, 1),
            entry(1, "c3x8 relu | avg2 | out10", 0.7, 1));
    for (Evidence.Finding f : Evidence.of(c)) {
      assertFalse(f.enoughData(), f.text());
      assertTrue(f.text().contains("not enough data"), f.text());
    }
  }

  @Test
  void aRealRunAnswersWhatItCan(@TempDir Path dir) throws Exception {
    try (InputStream in = EvidenceTest.class.getResourceAsStream("/sample-run/journal.jsonl")) {
      Files.write(dir.resolve("journal.jsonl"), in.readAllBytes());
    }
    List<Evidence.Finding> findings = Evidence.of(JournalFile.read(dir).candidates());
    assertEquals(12, findings.size());
    assertTrue(findings.stream().anyMatch(Evidence.Finding::enoughData));
    for (Evidence.Finding f : findings) {
      if (f.enoughData()) {
        assertTrue(f.low() <= f.effect() && f.effect() <= f.high(), f.text());
      }
    }
  }
}
