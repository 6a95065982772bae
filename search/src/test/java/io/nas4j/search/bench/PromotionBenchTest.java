package io.nas4j.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Provenance;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which promotions the continue-or-restart bench trains again, how, and what it compares. */
class PromotionBenchTest {

  @TempDir Path run;

  static EvaluationResult ok(double accuracy) {
    return new EvaluationResult(
        Status.OK,
        List.of(new EpochScore(1, accuracy, 0.5, 0.5, 1)),
        OptionalInt.of(1),
        1,
        "max-epochs",
        1,
        1,
        100,
        1000,
        "test",
        Optional.empty());
  }

  static Architecture arch(int channels) {
    return Architecture.of(
        Shape.of(1, 28, 28),
        Notation.parse("c3x" + channels + " relu | out10"),
        Training.of(Optimizer.ADAM, 1e-3, 64));
  }

  /**
   * Six candidates; 0-3 continued at rung 2, 4 restarted there (promotion: restart), 5 continued at
   * rung 1 only.
   */
  static Journal journal() throws Exception {
    SearchSpec spec = SpecReader.defaultSpec();
    List<CandidateEntry> candidates = new ArrayList<>();
    List<RungEntry> rungs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Architecture a = arch(8 + i);
      String key = CanonicalKey.of(a);
      candidates.add(new CandidateEntry(i, 0, List.of(i), key, a, 100 + i, ok(0.5)));
      rungs.add(new RungEntry(key, 1, 100 + i, true, ok(0.6)));
      if (i < 5) {
        rungs.add(new RungEntry(key, 2, 100 + i, i < 4, ok(0.7 + i / 100.0)));
      }
    }
    return new Journal(
        new JournalHeader("r", "2026-12-06T10:00:00Z", spec, Provenance.of(Map.of())),
        candidates,
        rungs,
        List.of(),
        Optional.of("wall-time"),
        false);
  }

  /** Records what it trains; accuracy 0.8 plus the channels' hundredths. */
  static final class Recording implements Evaluator {
    final List<Candidate> trained = new CopyOnWriteArrayList<>();

    @Override
    public EvaluationResult evaluate(Candidate candidate, PruningHook pruning) {
      trained.add(candidate);
      String notation = candidate.architecture().notation();
      int channels = Integer.parseInt(notation.substring(3, notation.indexOf(' ')));
      return ok(0.8 + channels / 100.0);
    }
  }

  @Test
  void restartsEachContinuedPromotionOfTheRungFromInitialWeightsOnce() throws Exception {
    Journal journal = journal();
    Path file = run.resolve(PromotionBench.FILE.formatted(2));
    Recording evaluator = new Recording();
    Map<String, Double> restarts = PromotionBench.restart(journal, 2, evaluator, 2, file);

    assertEquals(4, evaluator.trained.size(), "the four that continued at rung 2");
    for (Candidate c : evaluator.trained) {
      assertEquals(journal.header().spec().fidelities().get(2), c.recipe(), "rung 2's recipe");
      assertTrue(c.checkpoint().from().isEmpty(), "from the initial weights");
    }
    assertEquals(
        List.of(100L, 101L, 102L, 103L),
        evaluator.trained.stream().map(Candidate::seed).sorted().toList(),
        "each with its own seed");
    assertEquals(4, restarts.size());
    String first = journal.candidates().get(0).key();
    assertEquals(0.88, restarts.get(first), 1e-9);

    // a second call trains nothing: the file has them all
    Recording again = new Recording();
    assertEquals(restarts, PromotionBench.restart(journal, 2, again, 2, file));
    assertEquals(0, again.trained.size());

    // a line cut off by a kill is trained again
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String last = lines.get(lines.size() - 1);
    lines.set(lines.size() - 1, last.substring(0, last.indexOf('\t', last.indexOf('\t') + 1)));
    Files.write(file, lines, StandardCharsets.UTF_8);
    Recording third = new Recording();
    PromotionBench.restart(journal, 2, third, 1, file);
    assertEquals(1, third.trained.size());
  }

  @Test
  void netsPairEachRestartWithItsContinuedTrainingAndLongTraining() throws Exception {
    Journal journal = journal();
    String k0 = journal.candidates().get(0).key();
    String k1 = journal.candidates().get(1).key();
    String k4 = journal.candidates().get(4).key();
    List<RestartComparison.Net> nets =
        PromotionBench.nets(
            journal, 2, Map.of(k0, 0.81, k1, Double.NaN, k4, 0.9), Map.of(k0, 0.93));
    // k1's restart failed; k4 was not continued at rung 2
    assertEquals(List.of(new RestartComparison.Net(k0, 0.70, 0.81, OptionalDouble.of(0.93))), nets);
  }

  @Test
  void comparisonFindsTheRestartsThatRankLikeTheLongTrainings() {
    List<RestartComparison.Net> nets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // restarted accuracy in the long trainings' order, continued in the reverse order
      nets.add(
          new RestartComparison.Net(
              "k" + i, 0.9 - i / 100.0, 0.8 + i / 100.0, OptionalDouble.of(0.9 + i / 1000.0)));
    }
    RestartComparison c = RestartComparison.of(nets, 1);
    assertEquals(8, c.ranked());
    assertEquals(1.0, c.tauRestart(), 1e-12);
    assertEquals(-1.0, c.tauContinue(), 1e-12);
    assertTrue(c.tauDifferenceLow() > 0, "restart ranks better: " + c.text(2));
    double mean = nets.stream().mapToDouble(n -> n.restarted() - n.continued()).average().orElse(0);
    assertEquals(mean, c.difference(), 1e-12);
    assertTrue(c.differenceLow() <= mean && mean <= c.differenceHigh());

    // the same nets without long trainings: an accuracy difference, no taus
    List<RestartComparison.Net> unranked =
        nets.stream()
            .map(
                n ->
                    new RestartComparison.Net(
                        n.key(), n.continued(), n.restarted(), OptionalDouble.empty()))
            .toList();
    RestartComparison u = RestartComparison.of(unranked, 1);
    assertTrue(Double.isNaN(u.tauRestart()));
    assertTrue(u.text(2).contains("only 0 of them have one"), u.text(2));
  }

  @Test
  void equalTrainingsDifferByNothing() {
    List<RestartComparison.Net> nets = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      double a = 0.9 + i / 100.0;
      nets.add(new RestartComparison.Net("k" + i, a, a, OptionalDouble.of(a)));
    }
    RestartComparison c = RestartComparison.of(nets, 1);
    assertEquals(0, c.difference(), 1e-12);
    assertEquals(0, c.differenceLow(), 1e-12);
    assertEquals(0, c.tauDifferenceLow(), 1e-12);
    assertEquals(0, c.tauDifferenceHigh(), 1e-12);
  }
}
