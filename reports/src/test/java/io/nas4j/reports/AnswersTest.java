package io.nas4j.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.ablation.Question;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnswersTest {

  @Test
  void pairedTIntervalByHand() {
    // mean 0.02, sd 0.01, se 0.01 / sqrt(3) = 0.0057735, t(0.975, 2) = 4.302653
    Answers.Interval t = Answers.pairedT(new double[] {0.01, 0.02, 0.03});
    assertEquals(0.02, t.mean(), 1e-12);
    assertEquals(0.02 - 4.302653 * 0.0057735, t.low(), 1e-6);
    assertEquals(0.02 + 4.302653 * 0.0057735, t.high(), 1e-6);
    Answers.Interval one = Answers.pairedT(new double[] {0.01});
    assertTrue(Double.isNaN(one.low()));
  }

  @Test
  void bootstrapIsSeededAndInsideTheData() {
    double[] d = {-0.01, 0.02, 0.03, 0.05};
    double[] a = Answers.bootstrap(d, new SplittableRandom(3));
    assertArrayEquals(a, Answers.bootstrap(d, new SplittableRandom(3)));
    assertTrue(a[0] >= -0.01 && a[0] < 0.0225 && a[1] > 0.0225 && a[1] <= 0.05, a[0] + " " + a[1]);
  }

  @Test
  void sentencesSayADirectionOnlyWhenTheIntervalExcludesZero() {
    Question q =
        new Question(
            "stacked-3x3",
            "one 5x5 vs two stacked 3x3",
            "layer 0 (c5x32)",
            List.of(),
            Optional.empty(),
            List.of());
    assertEquals(
        "one 5x5 vs two stacked 3x3: two stacked 3x3 changed validation accuracy by +0.40 points"
            + " [+0.10, +0.70] (n = 5), 28% fewer MACs",
        Answers.sentence(
            q, "two stacked 3x3", 5, new Answers.Interval(0.004, 0.001, 0.007), 1000, 720));
    assertEquals(
        "one 5x5 vs two stacked 3x3: two stacked 3x3: no difference shown at this budget, -0.20"
            + " points [-0.90, +0.50] (n = 3), 12% more MACs",
        Answers.sentence(
            q, "two stacked 3x3", 3, new Answers.Interval(-0.002, -0.009, 0.005), 1000, 1120));
    assertEquals("the same MACs", Answers.cost(5, 5));
  }
}
