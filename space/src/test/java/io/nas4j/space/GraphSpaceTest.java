package io.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import io.nas4j.space.spec.SpecWriter;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The block kinds and the global-pooling head as genes. */
class GraphSpaceTest {

  static final String SPEC =
      """
      dataset: {kind: idx, path: /data/fmnist}
      input: {channels: 1, height: 28, width: 28}
      classes: 10
      blocks:
        min: 1
        max: 3
        convs: [1, 2]
        kernel: [3, 5]
        stride: [1, 2]
        channels: [16, 32]
        batchNorm: [true, false]
        pool: [none, max]
        kind: [plain, residual, branches]
        preActivation: [false, true]
        branchChannels: [0, 8, 16]
      head: {units: [0, 64], pooling: [flatten, avg]}
      """;

  private static SearchSpace space() throws Exception {
    return SearchSpace.of(SpecReader.parse(SPEC, "spec", null));
  }

  @Test
  void kindGenesFollowEachBlocksGenesAndThePoolingGeneLeadsTheHead() throws Exception {
    SearchSpace space = space();
    assertEquals(1 + 18 * 3 + 1 + 5, space.genes().size());
    assertEquals("block0.kind", space.genes().get(13).name());
    assertEquals("block0.preActivation", space.genes().get(14).name());
    assertEquals("block0.branch4", space.genes().get(18).name());
    assertEquals("head.pooling", space.genes().get(55).name());
    assertEquals(List.of("plain", "residual", "branches"), space.genes().get(13).labels());
    SearchSpec spec = space.spec();
    String json = io.nas4j.space.json.Json.mapper().writeValueAsString(SpecWriter.toTree(spec));
    assertEquals(spec, SpecReader.parse(json, "json", null), "the journal's copy reads back");
  }

  @Test
  void blocksDecodeToResidualAndBranchLayers() throws Exception {
    SearchSpace space = space();
    int[] g = new int[space.genes().size()];
    g[0] = 1; // two blocks
    g[1] = 1; // block0 convs 2
    g[8] = 0; // batchNorm true
    g[13] = 1; // block0 residual, post-activation
    int b1 = 1 + 18;
    g[b1 + 2] = 1; // block1 stride 2
    g[b1 + 12] = 2; // block1 branches
    g[b1 + 14] = 1; // branch1 (1x1) 8 wide
    g[b1 + 16] = 2; // branch3 (5x5 with one conv) 16 wide
    g[b1 + 17] = 1; // branch4 (pool + 1x1) 8 wide
    g[55] = 1; // global average pooling
    Architecture arch = space.decode(g);
    assertEquals(
        "res(c3x16 bn relu | c3x16 bn) relu | br(c1x8s2 bn relu; c5x16s2 bn relu; max3s2p | c1x8 bn"
            + " relu) | gap | out10",
        arch.notation());
    Analysis analysis = Analysis.of(arch);
    assertTrue(analysis.valid(), analysis.invalidReason().toString());
    assertEquals(32, analysis.layers().get(2).out().channels(), "8 + 16 + 8 concatenated");
    assertTrue(space.rejection(arch).isEmpty(), "a trainable graph");
    g[14] = 1; // pre-activation
    g[b1 + 16] = 0; // branch3 off: branches 1 and 4 remain
    g[b1 + 14] = 0; // branch1 off too: one branch is a plain chain
    assertEquals(
        "res(bn relu | c3x16 bn relu | c3x16) | max3s2p | c1x8 bn relu | gap | out10",
        space.decode(g).notation());
  }

  @Test
  void aBranchesBlockWithoutBranchesIsAPlainBlock() throws Exception {
    SearchSpace space = space();
    int[] g = new int[space.genes().size()];
    g[13] = 2; // block0 branches, every width 0
    int[] plain = g.clone();
    plain[13] = 0;
    assertEquals(space.decode(plain), space.decode(g));
    assertEquals("c3x16 bn relu | out10", space.decode(g).notation());
  }

  @Test
  void randomGraphsAreValidOrExplainedAndRoundTrip() throws Exception {
    SearchSpace space = space();
    Random random = new Random(3);
    Set<String> kinds = new TreeSet<>();
    int valid = 0;
    for (int i = 0; i < 3000; i++) {
      Architecture arch = space.decode(space.randomGenotype(random));
      Analysis analysis = Analysis.of(arch);
      if (analysis.valid()) {
        valid++;
        arch.layers().forEach(l -> kinds.add(l.getClass().getSimpleName()));
      } else {
        assertTrue(analysis.invalidReason().orElseThrow().startsWith("layer "));
      }
      if (!analysis.valid()) {
        assertTrue(space.rejection(arch).isPresent());
      }
      assertEquals(arch.layers(), Notation.parse(arch.notation()));
      assertEquals(arch, ArchitectureJson.read(ArchitectureJson.write(arch)));
    }
    assertTrue(valid > 1000, "valid " + valid);
    assertTrue(
        kinds.containsAll(List.of("Residual", "Branches", "GlobalPool", "Conv")), kinds.toString());
  }

  @Test
  void aChainSpecHasNoGraphGenes() throws Exception {
    SearchSpace chain =
        SearchSpace.of(
            SpecReader.parse(
                SPEC.replace("kind: [plain, residual, branches]", "kind: [plain]")
                    .replace(", pooling: [flatten, avg]", ""),
                "spec",
                null));
    assertEquals(1 + 12 * 3 + 5, chain.genes().size());
    assertTrue(chain.genes().stream().noneMatch(g -> g.name().contains("branch")));
    Architecture arch = chain.decode(new int[chain.genes().size()]);
    assertTrue(arch.layers().stream().noneMatch(l -> l instanceof Layer.GlobalPool));
  }

  @Test
  void aStemKeepsTheFirstBlockPlainAndStridedWhileLaterBlocksVary() throws Exception {
    String stemmed =
        SPEC.replace(
            "  branchChannels: [0, 8, 16]\n",
            "  branchChannels: [0, 8, 16]\n  stem: {kind: [plain], stride: [2]}\n");
    SearchSpec spec = SpecReader.parse(stemmed, "spec", null);
    SearchSpace space = SearchSpace.of(spec);
    SearchSpace free = space();
    assertEquals(free.genes().size(), space.genes().size(), "the same gene layout");
    assertEquals(List.of("plain"), space.genes().get(13).labels());
    assertEquals(List.of("2"), space.genes().get(3).labels());
    assertEquals(List.of("plain", "residual", "branches"), space.genes().get(13 + 18).labels());
    assertTrue(
        space.architectureCountEstimate().compareTo(free.architectureCountEstimate()) < 0,
        "fewer networks with a stem");
    Random random = new Random(7);
    Set<String> laterKinds = new TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      Architecture arch = space.decode(space.randomGenotype(random));
      Layer first = arch.layers().get(0);
      assertTrue(first instanceof Layer.Conv c && c.stride() == 2, Notation.format(arch.layers()));
      arch.layers().stream().skip(1).forEach(l -> laterKinds.add(l.getClass().getSimpleName()));
    }
    assertTrue(laterKinds.containsAll(List.of("Residual", "Branches")), laterKinds.toString());
    String json = io.nas4j.space.json.Json.mapper().writeValueAsString(SpecWriter.toTree(spec));
    assertTrue(json.contains("\"stem\":{\"stride\":[2],\"kind\":[\"plain\"]}"), json);
    assertEquals(spec, SpecReader.parse(json, "json", null), "the journal's copy reads back");
  }

  @Test
  void aStemLikeTheOtherBlocksIsNoStem() throws Exception {
    String same =
        SPEC.replace(
            "  branchChannels: [0, 8, 16]\n",
            "  branchChannels: [0, 8, 16]\n  stem: {kernel: [3, 5]}\n");
    assertEquals(SpecReader.parse(SPEC, "spec", null), SpecReader.parse(same, "spec", null));
  }

  @Test
  void aChainSpecWithAResidualStemHasTheKindGenes() throws Exception {
    String chainWithResidualStem =
        SPEC.replace(
            "kind: [plain, residual, branches]", "kind: [plain]\n  stem: {kind: [residual]}");
    SearchSpace space = SearchSpace.of(SpecReader.parse(chainWithResidualStem, "spec", null));
    assertEquals(List.of("residual"), space.genes().get(13).labels());
    assertEquals(List.of("plain"), space.genes().get(13 + 18).labels());
    for (int i = 0; i < 200; i++) {
      Architecture arch = space.decode(space.randomGenotype(new Random(i)));
      assertTrue(arch.layers().get(0) instanceof Layer.Residual, Notation.format(arch.layers()));
    }
  }
}
