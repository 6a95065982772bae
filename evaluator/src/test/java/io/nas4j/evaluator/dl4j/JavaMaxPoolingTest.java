package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link JavaMaxPooling} must change the speed only: the outputs and the gradients at the input
 * that DL4J's oneDNN helper gives, for windows of 2 and 3, strides 1 and 2, the Same and Truncate
 * modes, even and odd sizes, and in networks; and the Java path must really run (DL4J would hide a
 * failure by falling back to its own code: the tests count the calls that reach the wrapped helper
 * and DL4J's count of helper failures).
 */
class JavaMaxPoolingTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  /** oneDNN's helper, counting the calls that reach it. */
  static final class Counting extends MKLDNNSubsamplingHelper {
    int calls;

    Counting() {
      super(DataType.FLOAT);
    }

    @Override
    public INDArray activate(
        INDArray input,
        boolean training,
        int[] kernel,
        int[] strides,
        int[] pad,
        PoolingType type,
        ConvolutionMode mode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      calls++;
      return super.activate(
          input, training, kernel, strides, pad, type, mode, dilation, format, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray epsilon,
        int[] kernel,
        int[] strides,
        int[] pad,
        PoolingType type,
        ConvolutionMode mode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      calls++;
      return super.backpropGradient(
          input, epsilon, kernel, strides, pad, type, mode, dilation, format, workspaceMgr);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2, 2, Truncate, 28, 28",
    "2, 2, Truncate, 7, 9",
    "2, 2, Same, 7, 9",
    "3, 2, Same, 14, 14",
    "3, 2, Same, 7, 5",
    "3, 2, Truncate, 14, 13",
    "3, 1, Same, 6, 6",
    "2, 1, Truncate, 5, 6",
    "2, 2, Same, 13, 13",
    "3, 2, Same, 28, 27",
    "3, 3, Truncate, 11, 12",
    "2, 3, Same, 10, 8"
  })
  void givesOneDnnsOutputAndGradient(int k, int s, ConvolutionMode mode, int h, int w) {
    Nd4j.getRandom().setSeed(h * 31L + w);
    assertSameAsOneDnn(Nd4j.rand(DataType.FLOAT, 3, 4, h, w).subi(0.5), k, s, mode);
  }

  /** Many equal values (as after a ReLU): the gradient goes where oneDNN's goes. */
  @ParameterizedTest
  @CsvSource({
    "2, 2, Truncate, 28, 28",
    "2, 2, Same, 9, 9",
    "3, 2, Same, 14, 15",
    "3, 1, Same, 6, 7"
  })
  void tiesGoWhereOneDnnsGo(int k, int s, ConvolutionMode mode, int h, int w) {
    Nd4j.getRandom().setSeed(h * 37L + w);
    INDArray levels = Nd4j.rand(DataType.FLOAT, 3, 4, h, w).muli(3);
    assertSameAsOneDnn(Transforms.floor(levels, false).subi(1), k, s, mode);
  }

  private static void assertSameAsOneDnn(INDArray x, int k, int s, ConvolutionMode mode) {
    long h = x.size(2);
    long w = x.size(3);
    int[] kernel = {k, k};
    int[] strides = {s, s};
    int[] dilation = {1, 1};
    int[] pad = {0, 0};
    int[] out =
        ConvolutionUtils.getOutputSize(
            x,
            kernel,
            strides,
            mode == ConvolutionMode.Same ? null : pad,
            mode,
            dilation,
            CNN2DFormat.NCHW);
    if (mode == ConvolutionMode.Same) {
      pad =
          ConvolutionUtils.getSameModeTopLeftPadding(
              out, new int[] {(int) h, (int) w}, kernel, strides, dilation);
    }
    Counting oneDnn = new Counting();
    JavaMaxPooling java = new JavaMaxPooling(new Counting());
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    INDArray expected =
        oneDnn.activate(
            x, true, kernel, strides, pad, PoolingType.MAX, mode, dilation, CNN2DFormat.NCHW, none);
    INDArray actual =
        java.activate(
            x, true, kernel, strides, pad, PoolingType.MAX, mode, dilation, CNN2DFormat.NCHW, none);
    assertEquals(expected, actual, "output");
    INDArray dy = Nd4j.rand(DataType.FLOAT, expected.shape()).subi(0.5);
    INDArray dxExpected =
        oneDnn
            .backpropGradient(
                x,
                dy,
                kernel,
                strides,
                pad,
                PoolingType.MAX,
                mode,
                dilation,
                CNN2DFormat.NCHW,
                none)
            .getSecond();
    INDArray dxActual =
        java.backpropGradient(
                x,
                dy,
                kernel,
                strides,
                pad,
                PoolingType.MAX,
                mode,
                dilation,
                CNN2DFormat.NCHW,
                none)
            .getSecond();
    double largest = dxActual.sub(dxExpected).amaxNumber().doubleValue();
    assertTrue(largest <= 1e-6, "gradient at the input: largest difference " + largest);
  }

  @Test
  void averagePoolingStaysWithTheHelper() {
    Counting delegate = new Counting();
    JavaMaxPooling java = new JavaMaxPooling(delegate);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
    java.activate(
        x,
        true,
        new int[] {2, 2},
        new int[] {2, 2},
        new int[] {0, 0},
        PoolingType.AVG,
        ConvolutionMode.Truncate,
        new int[] {1, 1},
        CNN2DFormat.NCHW,
        LayerWorkspaceMgr.noWorkspaces());
    assertEquals(1, delegate.calls);
  }

  @Test
  void networksGetDl4jsGradientsThroughTheJavaPath() throws Exception {
    for (String notation :
        List.of(
            "c3x8 bn relu | max2 | c3x16 relu | max3s2 | d16 relu | out10",
            "c3x8v relu | max2 | c5x12s2 bn relu | avg2 | out10",
            "c3x8 relu | res(c3x8 bn relu | c3x8 bn) relu | max2 | gap | out10")) {
      Architecture arch =
          Architecture.of(
              Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-2, 8));
      Network fast = TestNetworks.plain(arch, 7, 0);
      JavaPoolingLayer.install(fast.model());
      List<Counting> delegates = wrapCounting(fast);
      Network own = TestNetworks.plain(arch, 7, 0);
      Nd4j.getRandom().setSeed(5);
      for (int step = 0; step < 2; step++) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
          y.putScalar(i, (i * 3 + step) % 10, 1);
        }
        TestNetworks.assertSameGradients(own, fast, x, y, step);
        fast.fit(new DataSet(x, y));
        own.setParams(fast.params());
      }
      assertEquals(
          notation.contains("avg") ? 1 : 0,
          delegates.stream().filter(d -> d.calls > 0).count(),
          notation + ": only average pooling reaches oneDNN's helper");
      Field failures = SubsamplingLayer.class.getDeclaredField("helperCountFail");
      failures.setAccessible(true);
      for (Layer layer : TestNetworks.layers(fast)) {
        if (layer instanceof SubsamplingLayer pooling) {
          assertEquals(
              0, failures.getInt(pooling), notation + ": helper failures DL4J fell back from");
        }
      }
    }
  }

  @Test
  void theForwardPassOfMaxPoolingRunsInJava() {
    Architecture arch =
        Architecture.of(
            Shape.of(1, 27, 27),
            Notation.parse("c3x8 relu | max2 | c3x8 relu | max3s2 | c3x8 relu | avg2 | out10"),
            Training.of(Optimizer.ADAM, 1e-3, 8));
    MultiLayerNetwork chain = (MultiLayerNetwork) Network.build(arch, 3, 0).model();
    Nd4j.getRandom().setSeed(11);
    List<INDArray> activations = chain.feedForward(Nd4j.rand(DataType.FLOAT, 4, 1, 27, 27), false);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    int max = 0;
    int avg = 0;
    for (Layer layer : chain.getLayers()) {
      if (!(layer instanceof SubsamplingLayer)) {
        continue;
      }
      INDArray input = activations.get(layer.getIndex());
      INDArray own =
          new SubsamplingLayer(layer.conf(), DataType.FLOAT).activate(input, false, none);
      if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf
          && conf.getPoolingType() == PoolingType.AVG) {
        assertEquals(SubsamplingLayer.class, layer.getClass(), "average pooling: DL4J's own layer");
        avg++;
        continue;
      }
      JavaPoolingLayer pooling = assertInstanceOf(JavaPoolingLayer.class, layer);
      pooling.setInput(input, none);
      assertEquals(own, pooling.javaForward(none), "layer " + layer.getIndex());
      assertEquals(own, pooling.activate(false, none), "layer " + layer.getIndex());
      max++;
    }
    assertEquals(2, max);
    assertEquals(1, avg);
  }

  /**
   * The layer's own forward pass takes the Java path: a NaN first in a window marks it (the Java
   * loop keeps the first value unless a later one is larger, oneDNN's skips the NaN).
   */
  @Test
  void theLayersForwardPassTakesTheJavaPath() {
    Architecture arch =
        Architecture.of(
            Shape.of(1, 8, 8),
            Notation.parse("c3x4 relu | max2 | out10"),
            Training.of(Optimizer.ADAM, 1e-3, 8));
    MultiLayerNetwork chain = (MultiLayerNetwork) Network.build(arch, 3, 0).model();
    Layer layer = chain.getLayer(1);
    INDArray input = Nd4j.rand(DataType.FLOAT, 2, 4, 8, 8);
    input.putScalar(new long[] {0, 0, 0, 0}, Float.NaN);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    INDArray own = new SubsamplingLayer(layer.conf(), DataType.FLOAT).activate(input, false, none);
    assertTrue(!Float.isNaN(own.getFloat(0, 0, 0, 0)), "DL4J's own pass skips the NaN");
    assertTrue(Float.isNaN(layer.activate(input, false, none).getFloat(0, 0, 0, 0)), "Java path");
  }

  @Test
  void everySubsamplingLayerOfABuiltNetworkIsWrapped() {
    Architecture arch =
        Architecture.of(
            Shape.of(1, 28, 28),
            Notation.parse("c3x8 relu | max2 | c3x8 relu | avg2 | out10"),
            Training.of(Optimizer.ADAM, 1e-3, 8));
    Network built = Network.build(arch, 1, 0);
    assertEquals(0, JavaMaxPooling.install(built.model()), "already wrapped when built");
    assertEquals(2, JavaMaxPooling.install(TestNetworks.plain(arch, 1, 0).model()));
  }

  private static List<Counting> wrapCounting(Network network) throws ReflectiveOperationException {
    Field helper = SubsamplingLayer.class.getDeclaredField("helper");
    helper.setAccessible(true);
    List<Counting> delegates = new ArrayList<>();
    for (Layer layer : TestNetworks.layers(network)) {
      if (layer instanceof SubsamplingLayer pooling) {
        Counting counting = new Counting();
        helper.set(pooling, new JavaMaxPooling(counting));
        delegates.add(counting);
      }
    }
    assertTrue(!delegates.isEmpty(), "pooling layers to wrap");
    return delegates;
  }
}
