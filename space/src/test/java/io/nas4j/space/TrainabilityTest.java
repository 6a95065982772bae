package io.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainabilityTest {

  static SearchSpec spec(String input, String blocks, String constraints) throws SpecException {
    return SpecReader.parse(
        """
        dataset: {kind: idx, path: /data}
        input: %s
        classes: 10
        blocks: %s
        head: {units: [0]}
        constraints: %s
        """
            .formatted(input, blocks, constraints),
        "spec",
        null);
  }

  @Test
  void theDefaultSpaceIsMostlyTrainable() {
    Trainability t =
        Trainability.sample(SearchSpace.of(SpecReader.defaultSpec()), 1000, new Random(1));
    assertEquals(1000, t.draws());
    assertFalse(t.none());
    assertTrue(t.trainable() > 300, t.summary("random networks", 3));
  }

  @Test
  void aConstraintNothingMeetsIsTheOnlyCause() throws Exception {
    SearchSpace space =
        SearchSpace.of(
            spec(
                "{channels: 1, height: 28, width: 28}",
                "{min: 1, max: 1, kernel: [3], channels: [8]}",
                "{maxParams: 10}"));
    Trainability t = Trainability.sample(space, 200, new Random(1));
    assertTrue(t.none());
    assertEquals(
        List.of("exceed constraints.maxParams 10"),
        t.reasons().stream().map(Trainability.Reason::kind).toList());
    assertEquals(
        "0 of 200 random networks are trainable: 200 exceed constraints.maxParams 10"
            + " (e.g. c3x8 relu | out10: 62,810 parameters exceed"
            + " constraints.maxParams 10)",
        t.summary("random networks", 3));
  }

  @Test
  void aStrideTooLargeForSamePaddingIsItsOwnReason() throws Exception {
    SearchSpace space =
        SearchSpace.of(
            spec(
                "{channels: 1, height: 28, width: 28}",
                "{min: 1, max: 1, kernel: [1], stride: [4], padding: [same], channels: [8]}",
                "{}"));
    Trainability t = Trainability.sample(space, 50, new Random(3));
    assertTrue(t.none());
    assertEquals(
        List.of("have a stride too large for same padding"),
        t.reasons().stream().map(Trainability.Reason::kind).toList());
  }

  @Test
  void collapsingShapesAreToldApartAndCountedCommonestFirst() throws Exception {
    SearchSpace space =
        SearchSpace.of(
            spec(
                "{channels: 1, height: 4, width: 4}",
                "{min: 1, max: 1, kernel: [5, 7, 3], padding: [valid], pool: [max], poolSize: [4],"
                    + " poolStride: [1]}",
                "{}"));
    Trainability t = Trainability.sample(space, 300, new Random(2));
    assertTrue(t.none());
    assertEquals(2, t.reasons().size());
    Trainability.Reason first = t.reasons().get(0);
    assertEquals("have a convolution whose output is empty", first.kind());
    assertEquals("have a pool window larger than its input", t.reasons().get(1).kind());
    assertTrue(first.count() > t.reasons().get(1).count());
    assertEquals(300, first.count() + t.reasons().get(1).count());
    assertTrue(
        t.summary("random networks", 1)
            .matches(
                "0 of 300 random networks are trainable: \\d+ have a convolution whose output is"
                    + " empty \\(e\\.g\\. c[57]x32v relu \\| max4s1 \\| out10: layer 0 .*\\), \\d+"
                    + " for 1 other cause"),
        t.summary("random networks", 1));
  }

  @Test
  void aTallyCanStartAgain() throws Exception {
    SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());
    Trainability.Tally tally = new Trainability.Tally();
    var arch = space.decode(new int[space.genes().size()]);
    tally.add(arch, space.rejectionOf(arch));
    assertEquals(1, tally.trainable());
    tally.clear();
    assertEquals(new Trainability(0, 0, List.of()), tally.result());
    assertFalse(tally.result().none());
  }
}
