package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BatchNormBackprop} must change the speed only: networks with it get the gradients that
 * DL4J's own oneDNN path gives (up to float rounding: the sums run in another order), for chains
 * and graphs, batch norm after convolutions of odd sizes, without bias, and after dense layers
 * (left to the delegate). Gradients, not weights after some steps, are compared: Adam turns
 * rounding differences of near-zero gradients into steps of the full learning rate.
 */
class BatchNormBackpropTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  @Test
  void everyBatchNormLayerOfABuiltNetworkIsWrapped() {
    Architecture arch = arch("c3x8 bn relu | max2 | c3x16nb bn relu | d16 bn relu | out10", 8);
    MultiLayerNetwork built = ((Network.Chain) Network.build(arch, 1, 0)).network();
    MultiLayerNetwork plain = new MultiLayerNetwork(NetworkBuilder.configuration(arch, 1, 0));
    plain.init();
    assertEquals(3, BatchNormBackprop.install(plain), "3 batch-norm layers with oneDNN helpers");
    assertEquals(0, BatchNormBackprop.install(built), "already wrapped when built");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3x8 bn relu | max2 | c5x12s2nb bn relu | d16 bn relu | out10",
        "c3x6v bn relu | c3x8v bn relu | max2 | c3x5nb bn relu | d12 relu | out10",
        "c3x8 bn relu | res(c3x8 bn relu | c3x8 bn) relu | br(c1x8 bn relu; c3x8 bn relu)"
            + " | max2 | res(c3x16s2nb bn relu | c3x16nb bn) relu | gap | out10"
      })
  void givesTheGradientsOfDl4jsOwnBackwardPass(String notation) {
    Architecture arch = arch(notation, 16);
    Network fast = Network.build(arch, 7, 0.01);
    Network own = withoutBackprop(arch, 7, 0.01);
    assertEquals(own.params(), fast.params(), "the same initial weights");
    Nd4j.getRandom().setSeed(11);
    for (int step = 0; step < 3; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(3).subi(1);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
      for (int i = 0; i < 16; i++) {
        y.putScalar(i, (i * 7 + step) % 10, 1);
      }
      INDArray expected = gradient(own, x, y);
      INDArray actual = gradient(fast, x, y);
      double scale = Math.abs(expected.amaxNumber().doubleValue());
      double largest = Math.abs(actual.sub(expected).amaxNumber().doubleValue());
      assertTrue(scale > 1e-3, "a gradient to compare: " + scale);
      assertTrue(
          largest < 1e-4 * scale,
          "step %d: largest difference %.3g, largest gradient %.3g"
              .formatted(step, largest, scale));
      // a real step for both, from the same weights, so later steps see other batch statistics
      fast.fit(new DataSet(x, y));
      own.setParams(fast.params());
    }
  }

  private static INDArray gradient(Network network, INDArray x, INDArray y) {
    if (network instanceof Network.Chain chain) {
      chain.network().setInput(x);
      chain.network().setLabels(y);
      chain.network().computeGradientAndScore();
      return chain.network().gradient().gradient().dup();
    }
    ComputationGraph graph = ((Network.Graph) network).graph();
    graph.setInputs(x);
    graph.setLabels(y);
    graph.computeGradientAndScore();
    return graph.gradient().gradient().dup();
  }

  private static Architecture arch(String notation, int batch) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-2, batch));
  }

  private static Network withoutBackprop(Architecture arch, long seed, double weightDecay) {
    if (arch.graph()) {
      ComputationGraph graph =
          new ComputationGraph(GraphBuilder.configuration(arch, seed, weightDecay));
      graph.init();
      return new Network.Graph(graph);
    }
    MultiLayerNetwork chain =
        new MultiLayerNetwork(NetworkBuilder.configuration(arch, seed, weightDecay));
    chain.init();
    return new Network.Chain(chain);
  }
}
