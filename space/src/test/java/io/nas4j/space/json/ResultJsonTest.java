package io.nas4j.space.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

  static final EvaluationResult OK =
      new EvaluationResult(
          Status.OK,
          List.of(
              new EpochScore(1, 0.8125, 0.52, 0.71, 9.75),
              new EpochScore(2, 0.85, 0.43, 0.48, 19.5),
              new EpochScore(3, 0.845, 0.44, 0.41, 29.25)),
          OptionalInt.of(2),
          3,
          "patience",
          31.5,
          812.25,
          421_642,
          4_241_152,
          "cpu (onednn, openblas) 2 threads, test",
          Optional.empty());

  @Test
  void roundTripsOkAndFailedResults() throws Exception {
    assertEquals(OK, ResultJson.fromTree(ResultJson.toTree(OK), "result"));
    EvaluationResult failed =
        new EvaluationResult(
            Status.FAILED,
            List.of(),
            OptionalInt.empty(),
            0,
            "diverged",
            1.5,
            0,
            10,
            20,
            "cpu",
            Optional.of("diverged: training loss NaN at epoch 1, batch 3"));
    String json = Json.mapper().writeValueAsString(ResultJson.toTree(failed));
    assertEquals(failed, ResultJson.fromTree(Json.mapper().readTree(json), "result"));
    EvaluationResult invalid = EvaluationResult.invalid("layer 3 (c5x8v): empty", 5, 6);
    assertEquals(invalid, ResultJson.fromTree(ResultJson.toTree(invalid), "result"));
  }

  @Test
  void theTrainedWeightsAccuracyOfAWeightAverageRoundTripsAndIsLeftOutOtherwise() throws Exception {
    EvaluationResult averaged =
        new EvaluationResult(
            Status.OK,
            List.of(
                new EpochScore(1, 0.81, 0.52, 0.71, 9.8, OptionalDouble.of(0.79)),
                new EpochScore(2, 0.85, 0.45, 0.50, 19.7, OptionalDouble.of(0.86))),
            OptionalInt.of(2),
            2,
            "max-epochs",
            20.0,
            800,
            10,
            20,
            "cpu",
            Optional.empty());
    String json = Json.mapper().writeValueAsString(ResultJson.toTree(averaged));
    assertTrue(json.contains("\"trainedValAccuracy\":0.79"), json);
    assertEquals(averaged, ResultJson.fromTree(Json.mapper().readTree(json), "result"));
    assertFalse(
        Json.mapper().writeValueAsString(ResultJson.toTree(OK)).contains("trainedValAccuracy"));
  }

  @Test
  void bestAccessorsFollowTheBestEpoch() {
    assertEquals(0.85, OK.bestValAccuracy());
    assertEquals(0.41, OK.finalTrainLoss());
    assertEquals(0.0, EvaluationResult.invalid("x", 0, 0).bestValAccuracy());
  }

  @Test
  void badResultsNameThePath() throws Exception {
    var tree = ResultJson.toTree(OK);
    tree.put("bestEpoch", 7);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResultJson.fromTree(tree, "line 4"));
    assertEquals("line 4: bestEpoch must be in [1, 3], but was 7", e.getMessage());
  }
}
