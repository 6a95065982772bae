package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LeanRelu} must change the speed only: a network with it gives DL4J's own outputs and
 * gradients to the bit, step after step, in chains and graphs, in training and in inference.
 */
class LeanReluTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  @Test
  void replacesThePlainReluActivationLayersOnly() {
    // "bn relu" makes an activation layer; "c3x8 relu" puts the ReLU into the convolution
    assertEquals(
        2, LeanRelu.install(plain(arch("c3x8 bn relu | max2 | c3x8 bn relu | out10")).model()));
    assertEquals(0, LeanRelu.install(plain(arch("c3x8 relu | max2 | d16 relu | out10")).model()));
    assertEquals(0, LeanRelu.install(plain(arch("c3x8 bn tanh | out10")).model()));
    Network graph = plain(arch("res(c3x8 bn relu | c3x8 bn) relu | gap | out10"));
    assertEquals(2, LeanRelu.install(graph.model()));
    ComputationGraph g = ((Network.Graph) graph).graph();
    for (GraphVertex vertex : g.getVertices()) {
      if (vertex.hasLayer() && vertex.getLayer() instanceof ActivationLayer) {
        assertInstanceOf(LeanRelu.class, vertex.getLayer(), vertex.getVertexName());
        assertTrue(Arrays.asList(g.getLayers()).contains(vertex.getLayer()));
      }
    }
    Network built = Network.build(arch("c3x8 bn relu | out10"), 1, 0);
    assertEquals(0, LeanRelu.install(built.model()), "replaced when built");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3x8 bn relu | max2 | c3x8 bn relu | d16 relu | out10",
        "c3x8 bn relu drop0.25 | c3x8s2 bn relu | out10",
        "res(c3x8 bn relu | c3x8 bn) relu | gap | out10",
        "br(c1x8 bn relu; c3x8 bn relu) | max2 | out10"
      })
  void givesDl4jsOwnOutputsAndGradients(String notation) {
    Architecture arch = arch(notation);
    Network own = plain(arch);
    Network lean = plain(arch);
    assertTrue(LeanRelu.install(lean.model()) > 0);
    Nd4j.getRandom().setSeed(3);
    for (int step = 0; step < 3; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).subi(0.3);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
      for (int i = 0; i < 16; i++) {
        y.putScalar(i, (i * 7 + step) % 10, 1);
      }
      // dropout draws from the global generator: the same draws for both networks
      Nd4j.getRandom().setSeed(50 + step);
      Map<String, INDArray> expected = TestNetworks.gradients(own, x, y);
      Nd4j.getRandom().setSeed(50 + step);
      Map<String, INDArray> actual = TestNetworks.gradients(lean, x, y);
      assertEquals(expected, actual, "step " + step);
      assertEquals(own.output(x), lean.output(x), "inference, step " + step);
      Nd4j.getRandom().setSeed(100 + step);
      own.fit(new DataSet(x, y));
      Nd4j.getRandom().setSeed(100 + step);
      lean.fit(new DataSet(x, y));
      assertEquals(own.params(), lean.params(), "parameters after step " + step);
    }
    assertFalse(
        Arrays.stream(TestNetworks.layers(lean)).anyMatch(LeanRelu::plainRelu),
        "a plain ReLU layer left");
  }

  private static Architecture arch(String notation) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-2, 16));
  }

  private static Network plain(Architecture arch) {
    return TestNetworks.plain(arch, 7, 0);
  }
}
