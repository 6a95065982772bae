package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphBuilderTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  /**
   * Residual blocks (identity and projection skips, pre- and post-activation) and multi-branch
   * blocks build as DL4J graphs with as many parameters as the cost model says, and train a step.
   */
  @Test
  void numParamsEqualsTheCostModelAndAStepTrains() {
    List<String> graphs =
        List.of(
            "c3x16 bn relu | res(c3x16 bn relu | c3x16 bn) relu | gap | out10",
            "c3x16 relu | res(c3x32s2 bn relu | c3x32 bn) relu | max2 | d32 relu | out10",
            "c3x16 | res(bn relu | c3x16 | bn relu | c3x16) | res(bn relu | sc3x32s2 | bn relu"
                + " | c3x32) | bn relu | gap | out10",
            "c3x8 relu | br(c1x8 relu; c3x8 relu; c3x8 relu | c3x8 relu; max3s1p | c1x8 relu)"
                + " | max2 | gap | out10",
            "br(c1x4; sc5x4nb bn relu) | res(c3x8s2 relu | c3x8) relu | d16 relu drop0.5 | out10");
    for (String notation : graphs) {
      Architecture arch =
          Architecture.of(
              Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-3, 2));
      Analysis analysis = Analysis.of(arch);
      assertTrue(analysis.valid(), notation + ": " + analysis.invalidReason());
      ComputationGraph graph = GraphBuilder.build(arch, 3, 0.05);
      assertEquals(analysis.params(), graph.numParams(), notation);
      INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 10);
      y.putScalar(0, 3, 1f);
      y.putScalar(1, 7, 1f);
      graph.fit(new INDArray[] {x}, new INDArray[] {y});
      assertTrue(Double.isFinite(graph.score()), notation);
      assertEquals(10, graph.outputSingle(x).size(1), notation);
    }
  }

  /**
   * 200 random graphs of {@code specs/fashion-mnist-graph.yaml} within its constraints, half with
   * its stem and half without (a residual or multi-branch first block): the cost model equals
   * DL4J's parameter count, and a step on two images trains.
   */
  @Test
  void twoHundredRandomGraphsOfTheGraphSpecBuildAndTrainAStep() throws Exception {
    SearchSpec spec;
    try (InputStream in =
        getClass().getResourceAsStream("/io/nas4j/space/fashion-mnist-graph.yaml")) {
      spec =
          SpecReader.parse(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), "graph spec", null);
    }
    assertTrue(spec.blocks().stem().isPresent(), "the graph spec has a stem");
    SearchSpec stemless =
        new SearchSpec(
            spec.dataset(),
            spec.input(),
            spec.classes(),
            spec.blocks().withStem(Optional.empty()),
            spec.head(),
            spec.training(),
            spec.budget(),
            spec.search(),
            spec.constraints(),
            spec.seed(),
            spec.retrain(),
            spec.rungs());
    Random random = new Random(17);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 10);
    y.putScalar(0, 3, 1f);
    y.putScalar(1, 7, 1f);
    int checked = 0;
    for (SearchSpec each : List.of(spec, stemless)) {
      SearchSpace space = SearchSpace.of(each);
      for (int n = 0; n < 100; ) {
        Architecture arch = space.decode(space.randomGenotype(random));
        Analysis analysis = Analysis.of(arch);
        if (!arch.graph()
            || !analysis.valid()
            || each.constraints().violation(analysis).isPresent()) {
          continue;
        }
        ComputationGraph graph = GraphBuilder.build(arch, checked, 0);
        assertEquals(analysis.params(), graph.numParams(), arch.notation());
        graph.fit(new INDArray[] {x}, new INDArray[] {y});
        assertTrue(Double.isFinite(graph.score()), arch.notation());
        n++;
        checked++;
      }
    }
  }
}
