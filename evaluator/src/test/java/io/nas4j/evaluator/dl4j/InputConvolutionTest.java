package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link InputConvolution} must change the speed only: a network whose input convolutions skip the
 * gradient at the images gets every parameter's gradient that DL4J's own oneDNN path gives (up to
 * float rounding), for kernels 1 to 7, strides 1 and 2, same padding on even sizes (padded more at
 * the bottom and right) and valid padding, with and without bias, 1 or 3 input channels, chains and
 * graphs. The Java path must really run (DL4J would hide a failure by falling back to its own
 * code): the tests count the backward passes that reach the wrapped helper.
 */
class InputConvolutionTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  @Test
  void wrapsTheConvolutionsThatReadTheInputOnly() {
    assertEquals(1, InputConvolution.install(plain(arch("c3x8 relu | c3x8 relu | out10", 1))));
    assertEquals(0, InputConvolution.install(plain(arch("max2 | c3x8 relu | out10", 1))));
    assertEquals(0, InputConvolution.install(plain(arch("sc3x8 relu | c3x8 relu | out10", 1))));
    // both branches read the images; the convolution after the merge does not
    assertEquals(
        2,
        InputConvolution.install(plain(arch("br(c1x8 relu; c3x8 relu) | c3x8 relu | out10", 1))));
    Network built = Network.build(arch("c3x8 relu | out10", 1), 1, 0);
    assertEquals(0, InputConvolution.install(built.model()), "already wrapped when built");
  }

  @ParameterizedTest
  @CsvSource({
    "1, c3x8 relu | max2 | d16 relu | out10",
    "1, c5x6s2nb relu | c3x8 relu | out10",
    "1, c7x4s2v relu | max2 | out10",
    "1, c1x8 bn relu | c3x8 relu | out10",
    "3, c3x8 bn relu | max2 | c3x8 relu | out10",
    "3, c4x5s2 relu | out10",
    "1, br(c1x8 relu; c3x8 relu) | max2 | out10",
    "1, res(c3x8 bn relu | c3x8 bn) relu | gap | out10"
  })
  void givesTheParameterGradientsOfDl4jsOwnPath(int channels, String notation) throws Exception {
    Architecture arch = arch(notation, channels);
    Network fast = network(arch);
    List<Counting> delegates = wrapCounting(fast);
    Network own = network(arch);
    assertEquals(own.params(), fast.params(), "the same initial weights");
    Nd4j.getRandom().setSeed(5);
    for (int step = 0; step < 2; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 12, channels, 28, 28).muli(3).subi(1);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 12, 10);
      for (int i = 0; i < 12; i++) {
        y.putScalar(i, (i * 3 + step) % 10, 1);
      }
      TestNetworks.assertSameGradients(own, fast, x, y, step);
      fast.fit(new DataSet(x, y));
      own.fit(new DataSet(x, y));
      own.setParams(fast.params());
    }
    for (Counting delegate : delegates) {
      assertEquals(0, delegate.backprops, "backward passes left to oneDNN's helper");
    }
    Field failures = ConvolutionLayer.class.getDeclaredField("helperCountFail");
    failures.setAccessible(true);
    for (Layer layer : TestNetworks.layers(fast)) {
      if (layer instanceof ConvolutionLayer) {
        assertEquals(0, failures.getInt(layer), "helper failures DL4J fell back from");
      }
    }
  }

  /** The oneDNN helper, counting the backward passes that reach it. */
  static final class Counting extends MKLDNNConvHelper {
    int backprops;

    Counting() {
      super(DataType.FLOAT);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray weights,
        INDArray bias,
        INDArray delta,
        int[] kernel,
        int[] strides,
        int[] pad,
        INDArray biasGradView,
        INDArray weightGradView,
        IActivation afn,
        AlgoMode mode,
        BwdFilterAlgo bwdFilterAlgo,
        BwdDataAlgo bwdDataAlgo,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      backprops++;
      return super.backpropGradient(
          input,
          weights,
          bias,
          delta,
          kernel,
          strides,
          pad,
          biasGradView,
          weightGradView,
          afn,
          mode,
          bwdFilterAlgo,
          bwdDataAlgo,
          convolutionMode,
          dilation,
          format,
          workspaceMgr);
    }
  }

  /** Wraps each helper {@link InputConvolution#install} would wrap, around a counting helper. */
  private static List<Counting> wrapCounting(Network network) throws ReflectiveOperationException {
    Field helper = ConvolutionLayer.class.getDeclaredField("helper");
    helper.setAccessible(true);
    Map<Layer, Object> before = new java.util.IdentityHashMap<>();
    for (Layer layer : TestNetworks.layers(network)) {
      if (layer.getClass() == ConvolutionLayer.class) {
        before.put(layer, helper.get(layer));
      }
    }
    int wrapped = InputConvolution.install(network.model());
    List<Counting> delegates = new ArrayList<>();
    for (Layer layer : before.keySet()) {
      if (helper.get(layer) instanceof InputConvolution) {
        Counting counting = new Counting();
        helper.set(layer, new InputConvolution(counting));
        delegates.add(counting);
      }
    }
    assertEquals(wrapped, delegates.size());
    assertTrue(wrapped > 0, "input convolutions to wrap");
    return delegates;
  }

  private static Architecture arch(String notation, int channels) {
    return Architecture.of(
        Shape.of(channels, 28, 28),
        Notation.parse(notation),
        Training.of(Optimizer.ADAM, 1e-2, 12));
  }

  private static org.deeplearning4j.nn.api.Model plain(Architecture arch) {
    return network(arch).model();
  }

  /** Without any wrapper: DL4J's configuration as built, its own helpers. */
  private static Network network(Architecture arch) {
    return TestNetworks.plain(arch, 7, 0);
  }
}
