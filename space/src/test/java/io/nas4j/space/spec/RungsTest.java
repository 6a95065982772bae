package io.nas4j.space.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.util.List;
import org.junit.jupiter.api.Test;

class RungsTest {

  private static Architecture convs(int n) {
    return arch(String.join(" | ", java.util.Collections.nCopies(n, "c3x8 relu")) + " | out10");
  }

  private static Architecture arch(String notation) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 0.001, 128));
  }

  @Test
  void depthGroupsAreOneTwoThreeToFourAndFivePlusConvolutions() {
    List<Integer> groups =
        List.of(1, 2, 3, 4, 5, 6, 8).stream().map(n -> Rungs.Peers.DEPTH.group(convs(n))).toList();
    assertEquals(List.of(1, 2, 3, 3, 5, 5, 5), groups);
    assertEquals(
        3,
        Rungs.Peers.DEPTH.group(arch("c3x8 relu | sc3x8 relu | max2 | sc5x16 relu | out10")),
        "separable convolutions count");
    assertEquals(0, Rungs.Peers.ALL.group(convs(5)), "one group");
  }

  @Test
  void depthKindGroupsKeepGraphsApartFromChainsOfTheirDepth() {
    Architecture residual = arch("c3x8s2 relu | res(c3x16 bn relu | c3x16 bn) relu | out10");
    Architecture branches = arch("c3x8s2 relu | br(c1x8 relu; c3x8 relu) | out10");
    assertEquals(3, Rungs.Peers.DEPTH.group(residual), "three convolutions");
    assertEquals(3 + 10, Rungs.Peers.DEPTH_KIND.group(residual));
    assertEquals(2 + 10, Rungs.Peers.DEPTH_KIND.group(branches), "its deepest branch: 2 deep");
    assertEquals(3, Rungs.Peers.DEPTH_KIND.group(convs(3)), "a chain of the same depth");
    assertEquals(
        List.of(1, 2, 3, 3, 5),
        List.of(1, 2, 3, 4, 6).stream().map(n -> Rungs.Peers.DEPTH_KIND.group(convs(n))).toList());
  }

  @Test
  void depthTypeGroupsKeepMostlySeparableNetsApartFromStandardOnesOfTheirDepth() {
    Rungs.Peers peers = Rungs.Peers.DEPTH_TYPE;
    assertEquals(2, peers.group(convs(2)), "standard only");
    assertEquals(2 + 20, peers.group(arch("sc5x64v relu | sc5x64v relu | out10")));
    assertEquals(
        3 + 20,
        peers.group(
            arch("sc5x64v relu | sc5x64v relu | max2 | c3x16 bn relu | c3x16 relu | out10")),
        "half separable counts as separable");
    assertEquals(
        3, peers.group(arch("sc5x64v relu | c3x16 relu | max2 | c3x16 relu | out10")), "a third");
    assertEquals(
        2 + 20,
        peers.group(arch("c3x8s2 relu | br(sc3x8 relu; sc5x8 relu) | out10")),
        "a branch's convolutions count, all of them");
    assertEquals(
        3, Rungs.Peers.DEPTH.group(arch("sc5x64v relu | sc5x64v relu | sc3x16 relu | out10")));
  }

  @Test
  void theTopOfARungIsFloorNOverEta() {
    Rungs rungs = new Rungs(3, List.of());
    assertEquals(
        List.of(0, 0, 1, 1, 2, 3),
        List.of(1, 2, 3, 5, 6, 9).stream().map(rungs::promotable).toList());
  }
}
