package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.spec.SpecReader;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.WeightDecay;

class NetworkBuilderTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  /**
   * Every one of 200 random valid architectures of the default space builds with DL4J, has as many
   * parameters as the cost model says, and trains one step on two images.
   */
  @Test
  void numParamsEqualsTheCostModelFor200RandomArchitectures() {
    SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());
    Random random = new Random(11);
    int checked = 0;
    int tries = 0;
    while (checked < 200) {
      tries++;
      Architecture arch = space.decode(space.randomGenotype(random));
      Analysis analysis = Analysis.of(arch);
      if (!analysis.valid() || analysis.params() > 3_000_000) {
        continue;
      }
      MultiLayerConfiguration conf = NetworkBuilder.configuration(arch, 1);
      MultiLayerNetwork network = new MultiLayerNetwork(conf);
      network.init();
      assertEquals(analysis.params(), network.numParams(), arch.notation());
      InputType out =
          conf.getLayerActivationTypes(InputType.convolutional(28, 28, 1))
              .get(conf.getConfs().size() - 1);
      assertEquals(10, out.arrayElementsPerExample(), arch.notation());
      network.fit(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), twoLabels());
      assertTrue(Double.isFinite(network.score()), arch.notation());
      checked++;
    }
    assertTrue(tries < 2000, "too few valid architectures: " + tries);
  }

  /**
   * The cost model's rule for same padding is DL4J's: a convolution, a separable convolution and a
   * pool with windows of 1 to 3 and strides of 2 to 4 on inputs of 6 to 12 pixels train one step
   * exactly when the analysis calls them valid, and it refuses the 9 of each that DL4J does.
   */
  @Test
  void samePaddingIsInvalidExactlyWhereDl4jRefusesIt() {
    int refused = 0;
    for (String layer : List.of("c%dx4s%d relu", "sc%dx4s%d relu", "max%ds%dp")) {
      for (int window = 1; window <= 3; window++) {
        for (int stride = 2; stride <= 4; stride++) {
          for (int side : new int[] {6, 7, 8, 9, 11, 12}) {
            String notation = layer.formatted(window, stride) + " | out10";
            Architecture arch =
                Architecture.of(
                    Shape.of(1, side, side),
                    Notation.parse(notation),
                    Training.of(Optimizer.ADAM, 1e-3, 2));
            Analysis analysis = Analysis.of(arch);
            String where = notation + " on " + side + "x" + side;
            MultiLayerNetwork network =
                new MultiLayerNetwork(NetworkBuilder.configuration(arch, 1));
            network.init();
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, side, side);
            if (analysis.valid()) {
              network.fit(x, twoLabels());
              assertTrue(Double.isFinite(network.score()), where);
            } else {
              assertTrue(
                  analysis.invalidReason().orElseThrow().contains(Analysis.UNPADDABLE), where);
              assertThrows(RuntimeException.class, () -> network.fit(x, twoLabels()), where);
              refused++;
            }
          }
        }
      }
    }
    // ((ceil(side / stride) - 1) * stride + window - side) / 2 < 0: window 1 with stride 3 at
    // sides 6, 9, 12 and with stride 4 at 7, 8, 11, 12; window 2 with stride 4 at 8 and 12
    assertEquals(3 * 9, refused);
  }

  /** A global-pooling head and a padded pool stay a chain: the cost model holds and they train. */
  @Test
  void globalPoolingAndPaddedPoolsBuildAsAChain() {
    for (String notation :
        List.of(
            "c3x16 bn relu | max3s2p | c3x32 relu | gap | out10",
            "c5x8 relu | gmp | d16 relu | out10")) {
      Architecture arch = arch(notation, Optimizer.ADAM, 1e-3, 2);
      Analysis analysis = Analysis.of(arch);
      assertTrue(analysis.valid(), notation);
      MultiLayerConfiguration conf = NetworkBuilder.configuration(arch, 1);
      MultiLayerNetwork network = new MultiLayerNetwork(conf);
      network.init();
      assertEquals(analysis.params(), network.numParams(), notation);
      INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
      assertEquals(10, network.output(x).size(1));
      network.fit(x, twoLabels());
      assertTrue(Double.isFinite(network.score()), notation);
    }
    // max3s2p on 16x28x28 -> 14x14 (same padding: ceil(28 / 2))
    MultiLayerConfiguration conf =
        NetworkBuilder.configuration(
            arch("c3x16 relu | max3s2p | gap | out10", Optimizer.ADAM, 1e-3, 2), 1);
    assertEquals(
        InputType.convolutional(14, 14, 16),
        conf.getLayerActivationTypes(InputType.convolutional(28, 28, 1)).get(1));
  }

  @Test
  void graphsAreLeftToTheGraphBuilder() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NetworkBuilder.configuration(
                    arch(
                        "c3x8 relu | res(c3x8 bn relu | c3x8 bn) relu | gap | out10",
                        Optimizer.ADAM,
                        1e-3,
                        2),
                    1));
    assertTrue(
        e.getMessage().startsWith("residual and multi-branch blocks make a DL4J ComputationGraph"),
        e.getMessage());
  }

  private static Architecture arch(String notation, Optimizer optimizer, double rate, int batch) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(optimizer, rate, batch));
  }

  private static INDArray twoLabels() {
    INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 10);
    y.putScalar(0, 3, 1f);
    y.putScalar(1, 7, 1f);
    return y;
  }

  @Test
  void separableConvOnOneInputChannelKeepsTheCostModelAndTrains() {
    Architecture arch = arch("sc5x16s2 bn relu | sc3x32nb relu | out10", Optimizer.ADAM, 1e-3, 4);
    MultiLayerNetwork network = NetworkBuilder.build(arch, 3);
    assertEquals(Analysis.of(arch).params(), network.numParams());
    network.fit(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), twoLabels());
    assertTrue(Double.isFinite(network.score()));
  }

  @Test
  void evenKernelsOverlappingPoolsAndSeparableConvsRunForwardAndBackward() {
    Architecture arch =
        arch(
            "c4x8 bn relu | c2x8s2 elu | max3s2 | sc5x16vnb swish | avg2 | d32 tanh drop0.5 | out10",
            Optimizer.SGD,
            0.01,
            8);
    Analysis analysis = Analysis.of(arch);
    MultiLayerNetwork network = NetworkBuilder.build(arch, 3);
    assertEquals(analysis.params(), network.numParams());
    var x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
    var y = Nd4j.zeros(DataType.FLOAT, 8, 10);
    for (int i = 0; i < 8; i++) {
      y.putScalar(i, i % 10, 1f);
    }
    network.fit(x, y);
    assertTrue(Double.isFinite(network.score()));
    assertEquals(10, network.output(x).size(1));
  }

  @Test
  void oneDnnHelpersAreActiveOnCpu() {
    String backend = Dl4jRuntime.describe();
    MultiLayerNetwork network =
        NetworkBuilder.build(arch("c3x8 bn relu | max2 | out10", Optimizer.ADAM, 1e-3, 8), 1);
    network.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28));
    if (backend.startsWith("cpu")) {
      assertTrue(backend.startsWith("cpu (onednn"), backend);
      // conv, batch norm and pooling each run through oneDNN
      assertEquals(3, Dl4jRuntime.layersWithHelpers(network), backend);
    }
  }

  /**
   * Weight decay sits once on every layer's weights (convolution, depthwise, pointwise, dense,
   * output) and nowhere when not asked for.
   */
  @Test
  void weightDecayIsOnEachLayersWeightsOnceAndNotOnBiases() {
    Architecture arch =
        arch("c3x8 bn relu | sc3x8 relu | max2 | d16 relu | out10", Optimizer.ADAM, 1e-3, 8);
    int decayed = 0;
    for (NeuralNetConfiguration layerConf :
        NetworkBuilder.configuration(arch, 1, 0.02).getConfs()) {
      // batch norm is a BaseLayer too; that its parameters do not decay is checked below
      if (layerConf.getLayer() instanceof BaseLayer layer
          && !(layer instanceof BatchNormalization)) {
        assertEquals(
            List.of(new WeightDecay(0.02, true)), layer.getRegularizationByParam("W"), "" + layer);
        assertTrue(layer.getRegularizationByParam("b").isEmpty(), "" + layer);
        decayed++;
      }
    }
    assertEquals(5, decayed);
    for (NeuralNetConfiguration layerConf : NetworkBuilder.configuration(arch, 1).getConfs()) {
      if (layerConf.getLayer() instanceof BaseLayer layer
          && !(layer instanceof BatchNormalization)) {
        assertTrue(layer.getRegularizationByParam("W").isEmpty(), "" + layer);
      }
    }
  }

  /**
   * One mini-batch with decay W moves each weight by exactly learning rate x W x its value more
   * than the same step without decay (decoupled from Adam, as in AdamW); biases and batch-norm
   * parameters move alike; DL4J's score is the data loss plus W/2 x the squared weights.
   */
  @Test
  void weightDecayShrinksEachWeightByRateTimesCoefficientPerStep() {
    double rate = 1e-2;
    double decay = 0.5;
    Architecture arch = arch("c3x8 bn relu | max2 | d16 relu | out10", Optimizer.ADAM, rate, 2);
    MultiLayerNetwork plain = NetworkBuilder.build(arch, 5, 0);
    MultiLayerNetwork decayed = NetworkBuilder.build(arch, 5, decay);
    assertEquals(plain.params(), decayed.params());
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
    INDArray y = twoLabels();
    List<String> weights = List.of("0_W", "4_W", "5_W"); // conv, dense, output
    List<INDArray> before = weights.stream().map(w -> plain.getParam(w).dup()).toList();
    double penalty = decayed.calcRegularizationScore(true);
    assertTrue(penalty > 1, "penalty " + penalty);
    plain.fit(x, y);
    decayed.fit(x, y);
    assertEquals(plain.score() + penalty, decayed.score(), 1e-4);
    for (int i = 0; i < weights.size(); i++) {
      INDArray expected = before.get(i).mul(rate * decay);
      INDArray shrunk = plain.getParam(weights.get(i)).sub(decayed.getParam(weights.get(i)));
      assertTrue(
          shrunk.equalsWithEps(expected, 1e-6),
          weights.get(i) + ": max difference " + shrunk.sub(expected).amaxNumber());
    }
    for (String param : List.of("0_b", "1_gamma", "1_beta", "4_b", "5_b")) {
      assertTrue(
          plain.getParam(param).equalsWithEps(decayed.getParam(param), 1e-7), param + " moved");
    }
  }

  @Test
  void weightDecayOutsideZeroToOneIsRefused() {
    Architecture arch = arch("c3x8 relu | out10", Optimizer.ADAM, 1e-3, 8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NetworkBuilder.configuration(arch, 1, -0.1));
    assertEquals("weight decay must be in [0, 1), but was -0.1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NetworkBuilder.build(arch, 1, 1.0));
  }
}
