package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the tests of the Java replacements of libnd4j ops read from a chain or a graph alike. */
final class TestNetworks {

  private TestNetworks() {}

  /**
   * The network of {@code arch} as DL4J builds it from nas4j's configuration: DL4J's own layers and
   * oneDNN helpers, none of nas4j's replacements.
   */
  static Network plain(Architecture arch, long seed, double weightDecay) {
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

  static Layer[] layers(Network network) {
    return network instanceof Network.Chain chain
        ? chain.network().getLayers()
        : ((Network.Graph) network).graph().getLayers();
  }

  /** Every parameter's gradient on the batch {@code (x, y)}, copied, by parameter name. */
  static Map<String, INDArray> gradients(Network network, INDArray x, INDArray y) {
    Gradient gradient;
    if (network instanceof Network.Chain chain) {
      chain.network().setInput(x);
      chain.network().setLabels(y);
      chain.network().computeGradientAndScore();
      gradient = chain.network().gradient();
    } else {
      ComputationGraph graph = ((Network.Graph) network).graph();
      graph.setInputs(x);
      graph.setLabels(y);
      graph.computeGradientAndScore();
      gradient = graph.gradient();
    }
    Map<String, INDArray> copies = new TreeMap<>();
    gradient.gradientForVariable().forEach((name, values) -> copies.put(name, values.dup()));
    return copies;
  }

  /**
   * Asserts that the gradients of {@code fast} on {@code (x, y)} equal those of {@code own} up to
   * float rounding: per parameter within 1e-4 of its largest gradient, plus 1e-5 of the largest
   * gradient of all (a bias before batch norm has a gradient of exactly 0 in exact arithmetic, so
   * both give rounding noise there). Where the float paths differ by more than that, {@code fast}
   * passes only if it is no further from the gradient computed in double precision ({@code own}
   * converted, DL4J's built-in double path) than {@code own} is, within a factor of 2: on an AMD
   * EPYC, DL4J's own float path was 0.2% off the double-precision gradient for the batch norms of a
   * residual graph (and the first convolution's weights), while JavaBatchNorm's was within 1e-6.
   */
  static void assertSameGradients(Network own, Network fast, INDArray x, INDArray y, int step) {
    Map<String, INDArray> expected = gradients(own, x, y);
    Map<String, INDArray> actual = gradients(fast, x, y);
    assertEquals(expected.keySet(), actual.keySet());
    double overall =
        expected.values().stream()
            .mapToDouble(g -> Math.abs(g.amaxNumber().doubleValue()))
            .max()
            .orElseThrow();
    Map<String, INDArray> exact = null;
    for (String variable : expected.keySet()) {
      double scale = Math.abs(expected.get(variable).amaxNumber().doubleValue());
      double tolerance = 1e-4 * scale + 1e-5 * overall;
      double largest = distance(actual.get(variable), expected.get(variable));
      if (largest <= tolerance) {
        continue;
      }
      if (exact == null) {
        exact = gradients(inDouble(own), x.castTo(DataType.DOUBLE), y.castTo(DataType.DOUBLE));
      }
      double ownError = distance(expected.get(variable), exact.get(variable));
      double fastError = distance(actual.get(variable), exact.get(variable));
      assertTrue(
          fastError <= 2 * ownError + tolerance,
          ("step %d, %s: largest difference %.3g, largest gradient %.3g; from the double-precision"
                  + " gradient %.3g, DL4J's own path %.3g")
              .formatted(step, variable, largest, scale, fastError, ownError));
    }
  }

  private static double distance(INDArray a, INDArray b) {
    return Math.abs(
        a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue());
  }

  /** A copy of {@code network} with its parameters and state in double precision. */
  private static Network inDouble(Network network) {
    return network instanceof Network.Chain chain
        ? new Network.Chain(chain.network().convertDataType(DataType.DOUBLE))
        : new Network.Graph(((Network.Graph) network).graph().convertDataType(DataType.DOUBLE));
  }
}
