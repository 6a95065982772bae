package io.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Training;
import io.nas4j.space.spec.SpecReader;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SearchSpace.encode: the genotype of a named network, and why there is none. */
class GenotypeEncoderTest {

  private final SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());

  @Test
  void everyDecodedGenotypeEncodesBackToTheSameNetwork() {
    Random random = new Random(11);
    for (int i = 0; i < 3000; i++) {
      Architecture arch = space.decode(space.randomGenotype(random));
      assertEquals(arch, space.decode(space.encode(arch)), Notation.format(arch.layers()));
    }
  }

  @Test
  void graphSpacesEncodeTheirPlainChainsWithAStemToo() throws Exception {
    SearchSpace graphs =
        SearchSpace.of(
            SpecReader.parse(
                GraphSpaceTest.SPEC.replace(
                    "  min: 1\n", "  min: 1\n  stem: {stride: [2], kind: [plain]}\n"),
                "spec",
                null));
    Random random = new Random(5);
    int plain = 0;
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      int[] genotype = graphs.randomGenotype(random);
      Architecture arch = graphs.decode(genotype);
      if (plainBlocks(graphs, genotype)) {
        plain++;
        assertEquals(arch, graphs.decode(graphs.encode(arch)), Notation.format(arch.layers()));
      } else {
        // a residual or multi-branch block: refused, or (one branch, a plain chain) encoded right
        try {
          assertEquals(arch, graphs.decode(graphs.encode(arch)), Notation.format(arch.layers()));
        } catch (IllegalArgumentException e) {
          refused++;
        }
      }
    }
    assertTrue(plain > 300, "plain chains drawn: " + plain);
    assertTrue(refused > 300, "graph nets refused: " + refused);
    assertTrue(
        reason(graphs, "c3x16 relu | out10")
            .contains("layer 0 (c3x16): stride 1 is not one of block0.stride's"));
  }

  @Test
  void aNetworkSplitsIntoBlocksWhereverTheSpecAllows() throws Exception {
    // five equal convolutions, blocks of 1-2: the longest blocks first, 2 + 2 + 1
    Architecture five =
        arch(
            "c3x32s2 bn relu | c3x32 bn relu | c3x32 bn relu | c3x32 bn relu | c3x32 bn relu"
                + " | max2 | out10");
    assertEquals(five, space.decode(space.encode(five)));
    assertEquals("3", label(space, space.encode(five), "blocks"));
    // blocks of 2-3: four convolutions do not fit 3 + 1, so the search backs off to 2 + 2
    SearchSpace twoOrThree =
        SearchSpace.of(
            SpecReader.parse(
                SpecReader.defaultSpecText().replace("convs: [1, 2]", "convs: [2, 3]"),
                "spec",
                null));
    Architecture four =
        arch(twoOrThree, "c3x32s2 relu | c3x32 relu | c3x32 relu | c3x32 relu | out10");
    int[] genotype = twoOrThree.encode(four);
    assertEquals(four, twoOrThree.decode(genotype));
    assertEquals("2", label(twoOrThree, genotype, "blocks"));
    assertEquals(
        "the convolutions from layer 0 do not split into blocks of [2, 3] convolutions",
        reason(twoOrThree, "c3x32s2 relu | out10"));
  }

  /**
   * A chain that fits no split is refused at once: each (layer, block) pair is tried once, not
   * every split of 65 convolutions into 16 blocks of 1-4 (about 4^16).
   */
  @Test
  void aLongChainThatFitsNoSplitIsRefusedAtOnce() throws Exception {
    SearchSpace deep =
        SearchSpace.of(
            SpecReader.parse(
                SpecReader.defaultSpecText()
                    .replace("  max: 4", "  max: 16")
                    .replace("convs: [1, 2]", "convs: [1, 2, 3, 4]"),
                "spec",
                null));
    String tooMany = "c3x16s2 relu | " + "c3x16 relu | ".repeat(64) + "out10";
    String badLast = "c3x16s2 relu | " + "c3x16 relu | ".repeat(30) + "c9x16 relu | out10";
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          String many = reason(deep, tooMany);
          assertTrue(many.contains("more than blocks.max 16 blocks"), many);
          String bad = reason(deep, badLast);
          assertTrue(bad.contains("kernel 9 is not one of"), bad);
        });
  }

  @Test
  void theTrainingGenesTakeTheNetworksTraining() {
    Architecture arch =
        Architecture.of(
            space.spec().input(),
            Notation.parse("c5x64 relu | avg2 | d256 relu drop0.5 | out10"),
            Training.of(Optimizer.ADAM, 3e-4, 64));
    int[] genotype = space.encode(arch);
    assertEquals("3.0E-4", label(genotype, "training.learningRate"));
    assertEquals("64", label(genotype, "training.batchSize"));
    assertArrayEquals(genotype, space.encode(space.decode(genotype)));
  }

  @Test
  void aNetworkOutsideTheSpaceIsRefusedWithTheReason() {
    assertEquals(
        "layer 0 (c9x32): kernel 9 is not one of block0.kernel's choices [1, 3, 5, 7]",
        reason(space, "c9x32 relu | out10"));
    assertEquals(
        "layer 3 (c3x48): channels 48 is not one of block1.channels's choices [16, 32, 64, 128]",
        reason(space, "c3x32 relu | max2 | c3x48 relu | out10"));
    assertTrue(
        reason(
                space,
                "c3x16 relu | max2 | c3x16 relu | max2 | c3x16 relu | max2 | c3x16 relu"
                    + " | max2 | c3x16 relu | out10")
            .contains("more than blocks.max 4 blocks"));
    assertEquals(
        "layer 0 (max2): a pool follows a block's convolutions, and here none precedes it",
        reason(space, "max2 | c3x16 relu | out10"));
    assertEquals(
        "layer 0 (c3x16): each convolution of a block has an activation after it",
        reason(space, "c3x16 | out10"));
    assertEquals(
        "layer 0 (res(c3x16 relu | c3x16)): only plain blocks can start a search",
        reason(space, "res(c3x16 relu | c3x16) relu | out10"));
    assertTrue(reason(space, "c3x16 relu | d100 relu | out10").contains("units 100"));
    assertEquals(
        "layer 2 (d64): the spec's dense layer has relu after it",
        reason(space, "c3x16 relu | d64 | out10"));
    assertEquals("layer 2 (out7): the spec has 10 classes", reason(space, "c3x16 relu | out7"));
    assertTrue(
        reason(space, "c3x16 relu | bn | out10").contains("no such layer here"),
        reason(space, "c3x16 relu | bn | out10"));
  }

  private static String reason(SearchSpace space, String notation) {
    return assertThrows(IllegalArgumentException.class, () -> space.encode(arch(space, notation)))
        .getMessage();
  }

  private Architecture arch(String notation) {
    return arch(space, notation);
  }

  private static Architecture arch(SearchSpace space, String notation) {
    return Architecture.of(
        space.spec().input(),
        Notation.parse(notation),
        Training.of(
            Optimizer.ADAM,
            space.spec().training().learningRate().get(0),
            space.spec().training().batchSize().get(0)));
  }

  private String label(int[] genotype, String gene) {
    return label(space, genotype, gene);
  }

  /** Whether every block the genotype uses is a plain one. */
  private static boolean plainBlocks(SearchSpace space, int[] genotype) {
    int blocks = Integer.parseInt(label(space, genotype, "blocks"));
    for (int b = 0; b < blocks; b++) {
      if (!label(space, genotype, "block" + b + ".kind").equals("plain")) {
        return false;
      }
    }
    return true;
  }

  private static String label(SearchSpace space, int[] genotype, String gene) {
    for (int i = 0; i < space.genes().size(); i++) {
      if (space.genes().get(i).name().equals(gene)) {
        return space.genes().get(i).labels().get(genotype[i]);
      }
    }
    throw new AssertionError(gene);
  }
}
