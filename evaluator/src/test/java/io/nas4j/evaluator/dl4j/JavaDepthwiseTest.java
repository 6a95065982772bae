package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link JavaDepthwise} must change the speed only: a network with it gives DL4J's own gradients
 * (up to float rounding), outputs and trained parameters, in chains and graphs, for every padding
 * and stride the notation allows, and its Java path really runs.
 */
class JavaDepthwiseTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  @Test
  void replacesTheDepthwiseLayersOnly() {
    assertEquals(
        2,
        JavaDepthwise.install(plain(arch("sc3x8 relu | max2 | sc5x8v bn relu | out10")).model()));
    assertEquals(
        0, JavaDepthwise.install(plain(arch("c3x8 relu | max2 | d16 relu | out10")).model()));
    Network graph = plain(arch("res(sc3x8 bn relu | sc3x8 bn) relu | gap | out10"));
    assertEquals(2, JavaDepthwise.install(graph.model()));
    ComputationGraph g = ((Network.Graph) graph).graph();
    for (GraphVertex vertex : g.getVertices()) {
      if (vertex.hasLayer() && vertex.getLayer() instanceof DepthwiseConvolution2DLayer) {
        assertInstanceOf(JavaDepthwise.class, vertex.getLayer(), vertex.getVertexName());
        assertTrue(Arrays.asList(g.getLayers()).contains(vertex.getLayer()));
      }
    }
    Network built = Network.build(arch("sc3x8 bn relu | out10"), 1, 0);
    assertEquals(0, JavaDepthwise.install(built.model()), "replaced when built");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sc5x16v relu | sc5x16v relu | max2 | c1x8 bn relu | out10",
        "sc3x8 bn relu | sc3x8s2 bn relu | sc7x8s2v relu | out10",
        "sc3x8s2v relu | sc5x8s2 relu | sc1x8 relu | out10",
        "res(sc3x8 bn relu | sc3x8 bn) relu | gap | out10",
        "br(c1x8 bn relu; sc5x8 bn relu) | max2 | out10"
      })
  void givesDl4jsOwnGradientsAndTraining(String notation) {
    Architecture arch = arch(notation);
    Network own = plain(arch);
    Network java = plain(arch);
    assertTrue(JavaDepthwise.install(java.model()) > 0);
    Nd4j.getRandom().setSeed(3);
    for (int step = 0; step < 3; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).subi(0.3);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
      for (int i = 0; i < 16; i++) {
        y.putScalar(i, (i * 7 + step) % 10, 1);
      }
      TestNetworks.assertSameGradients(own, java, x, y, step);
      for (Layer layer : TestNetworks.layers(java)) {
        if (layer instanceof JavaDepthwise depthwise) {
          assertTrue(depthwise.ranInJava(), "the Java path ran, step " + step);
        }
      }
      own.fit(new DataSet(x, y));
      java.fit(new DataSet(x, y));
      double apart =
          own.params().sub(java.params()).norm2Number().doubleValue()
              / own.params().norm2Number().doubleValue();
      assertTrue(apart < 1e-4, "parameters after step " + step + " apart by " + apart);
      assertEquals(own.output(x).argMax(1), java.output(x).argMax(1), "inference, step " + step);
      // Adam turns rounding-level differences of near-zero gradients into steps of up to the
      // learning rate, so the two trainings drift apart unless they start each step together
      own.setParams(java.params());
    }
  }

  private static Architecture arch(String notation) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-3, 16));
  }

  private static Network plain(Architecture arch) {
    return TestNetworks.plain(arch, 7, 0);
  }
}
