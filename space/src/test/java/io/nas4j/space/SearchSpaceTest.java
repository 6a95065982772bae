package io.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.spec.SpecReader;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

  private final SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());

  @Test
  void genesAreOrderedAndNamed() {
    assertEquals(1 + 12 * 4 + 5, space.genes().size());
    assertEquals("blocks", space.genes().get(0).name());
    assertEquals("block0.convs", space.genes().get(1).name());
    assertEquals("block3.poolStride", space.genes().get(48).name());
    assertEquals("training.optimizer", space.genes().get(53).name());
    assertEquals(java.util.List.of("1", "2", "3", "4"), space.genes().get(0).labels());
  }

  @Test
  void countsGenotypesAndFewerArchitectures() {
    BigInteger genotypes = space.genotypeCount();
    BigInteger architectures = space.architectureCountEstimate();
    assertTrue(architectures.signum() > 0);
    assertTrue(architectures.compareTo(genotypes) < 0, architectures + " vs " + genotypes);
    // per block: 2*4*2*2 * 4*2*2*2*1 * (1 + 2*2*1*... pools none:1, max:2, avg:2) = 64*32*5
    long perBlock = 2L * 4 * 2 * 2 * 4 * 2 * 2 * 2 * 1 * 5;
    BigInteger blocks = BigInteger.ZERO;
    for (int n = 1; n <= 4; n++) {
      blocks = blocks.add(BigInteger.valueOf(perBlock).pow(n));
    }
    assertEquals(blocks.multiply(BigInteger.valueOf(4 * 3 * 3 * 2)), architectures);
  }

  @Test
  void thousandsOfRandomGenotypesDecodeToValidOrExplainedArchitectures() {
    Random random = new Random(7);
    int valid = 0;
    int invalid = 0;
    for (int i = 0; i < 5000; i++) {
      int[] genotype = space.randomGenotype(random);
      Architecture arch = space.decode(genotype);
      Analysis analysis = Analysis.of(arch);
      if (analysis.valid()) {
        valid++;
        assertEquals(arch.layers().size(), analysis.layers().size());
        for (int l = 1; l < analysis.layers().size(); l++) {
          assertEquals(analysis.layers().get(l - 1).out(), analysis.layers().get(l).in());
        }
        assertEquals(arch.classes(), analysis.outputShape().channels());
        assertTrue(analysis.params() > 0 && analysis.macs() > 0);
      } else {
        invalid++;
        assertTrue(analysis.invalidReason().orElseThrow().startsWith("layer "));
      }
      assertEquals(arch.layers(), Notation.parse(arch.notation()));
      assertEquals(arch, ArchitectureJson.read(ArchitectureJson.write(arch)));
    }
    assertTrue(valid > 1000, "valid " + valid);
    assertTrue(invalid > 0, "the default space has collapsing candidates too");
  }

  @Test
  void inactiveGenesDoNotChangeTheKey() {
    int[] genotype = new int[space.genes().size()];
    genotype[0] = 0; // one block
    String key = CanonicalKey.of(space.decode(genotype));
    int[] other = genotype.clone();
    other[1 + 12 + 1] = 2; // block1.kernel: block 1 is inactive
    other[1 + 10] = 1; // block0.poolSize while block0.pool is none
    assertEquals(key, CanonicalKey.of(space.decode(other)));
    int[] active = genotype.clone();
    active[1 + 1] = 2; // block0.kernel
    assertNotEquals(key, CanonicalKey.of(space.decode(active)));
    int[] lr = genotype.clone();
    lr[space.genes().size() - 3] = 1; // training.learningRate
    assertNotEquals(key, CanonicalKey.of(space.decode(lr)));
  }

  @Test
  void keysAreStableAcrossVersions() {
    // Changing this value breaks every journal's cache: only with a new schemaVersion.
    int[] genotype = new int[space.genes().size()];
    assertEquals("c1x16 bn relu | out10", space.decode(genotype).notation());
    // sha256 of the canonical JSON below, computed outside Java
    assertEquals(
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"layers\":["
            + "{\"type\":\"conv\",\"kernel\":1,\"filters\":16,\"stride\":1,\"padding\":\"same\",\"bias\":true},"
            + "{\"type\":\"batchnorm\"},{\"type\":\"activation\",\"function\":\"relu\"},"
            + "{\"type\":\"output\",\"classes\":10}],"
            + "\"training\":{\"optimizer\":\"adam\",\"learningRate\":3.0E-4,\"batchSize\":64}}",
        ArchitectureJson.write(space.decode(genotype)));
    assertEquals("d79a345af0f7f0a5", CanonicalKey.of(space.decode(genotype)));
  }

  @Test
  void blockGenesBuildConvsBatchNormActivationAndPool() {
    int[] genotype = new int[space.genes().size()];
    genotype[1] = 1; // convs 2
    genotype[2] = 1; // kernel 3
    genotype[3] = 1; // stride 2
    genotype[7] = 0; // batchNorm true
    genotype[10] = 1; // pool max
    genotype[11] = 1; // poolSize 3
    Architecture arch = space.decode(genotype);
    assertEquals("c3x16s2 bn relu | c3x16 bn relu | max3s2 | out10", arch.notation());
    assertTrue(arch.layers().get(0) instanceof Layer.Conv);
  }

  @Test
  void rejectsGenotypesNamingTheGene() {
    int[] genotype = new int[space.genes().size()];
    genotype[2] = 9;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> space.decode(genotype));
    assertEquals("gene block0.kernel must be in [0, 4), but was 9", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> space.decode(new int[3]));
  }

  @Test
  void rejectionReportsConstraints() {
    Set<String> reasons = new HashSet<>();
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      space.rejection(space.decode(space.randomGenotype(random))).ifPresent(reasons::add);
    }
    assertTrue(reasons.stream().anyMatch(r -> r.contains("exceed constraints.max")), "" + reasons);
    assertFalse(space.rejection(space.decode(new int[space.genes().size()])).isPresent());
  }

  /** The default spec with its commented {@code search.initial} example on, and another seed. */
  private static SearchSpace withInitialNetwork(long seed) throws Exception {
    String text =
        SpecReader.defaultSpecText()
            .replace("  # initial:", "  initial:")
            .replace("  #   - {architecture", "    - {architecture")
            .replace("\nseed: 42", "\nseed: " + seed);
    return SearchSpace.of(SpecReader.parse(text, "test", null));
  }

  @Test
  void anInitialNetworksUnusedGenesAreDrawnFromTheRunSeed() throws Exception {
    Set<String> addedBlocks = new HashSet<>();
    for (long seed = 1; seed <= 8; seed++) {
      SearchSpace seeded = withInitialNetwork(seed);
      int[] genotype = seeded.initialGenotypes().get(0);
      assertEquals(
          "c3x32s2 bn relu | c3x32 bn relu | max2 | d128 relu | out10",
          Notation.format(seeded.decode(genotype).layers()));
      assertTrue(
          java.util.Arrays.equals(genotype, withInitialNetwork(seed).initialGenotypes().get(0)),
          "the same seed, the same genotype");
      // The mutation "one more block" adds the block its unused genes describe.
      int[] deeper = genotype.clone();
      deeper[0] = 1;
      String notation = Notation.format(seeded.decode(deeper).layers());
      addedBlocks.add(notation.substring(0, notation.indexOf(" | d128")));
    }
    // Left at each gene's first choice, every seed would add the same c1x16 bn relu block.
    assertTrue(addedBlocks.size() >= 4, addedBlocks.toString());
  }
}
