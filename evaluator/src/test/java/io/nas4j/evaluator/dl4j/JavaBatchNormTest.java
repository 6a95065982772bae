package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link JavaBatchNorm} must change the speed only: networks with it get the gradients and the
 * running statistics that DL4J's own oneDNN path gives (up to float rounding: the sums run in
 * another order), for chains and graphs, batch norm after convolutions of odd sizes, without bias,
 * and after dense layers. The Java path must really run: DL4J would hide a failure by falling back
 * to its own code, so the tests count the calls that reach the wrapped helper and DL4J's count of
 * helper failures. Gradients, not weights after some steps, are compared: Adam turns rounding
 * differences of near-zero gradients into steps of the full learning rate; the running statistics
 * move without an updater, so they are compared after a step from the same weights.
 */
class JavaBatchNormTest {

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
    assertEquals(3, JavaBatchNorm.install(plain), "3 batch-norm layers with oneDNN helpers");
    assertEquals(0, JavaBatchNorm.install(built), "already wrapped when built");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3x8 bn relu | max2 | c5x12s2nb bn relu | d16 bn relu | out10",
        "c3x6v bn relu | c3x8v bn relu | max2 | c3x5nb bn relu | d12 relu | out10",
        "c3x8 bn relu | res(c3x8 bn relu | c3x8 bn) relu | br(c1x8 bn relu; c3x8 bn relu)"
            + " | max2 | res(c3x16s2nb bn relu | c3x16nb bn) relu | gap | out10"
      })
  void givesTheGradientsAndRunningStatisticsOfDl4jsOwnPath(String notation) throws Exception {
    Architecture arch = arch(notation, 16);
    Network fast = TestNetworks.plain(arch, 7, 0.01);
    List<Counting> delegates = wrapCounting(fast);
    Network own = TestNetworks.plain(arch, 7, 0.01);
    assertEquals(own.params(), fast.params(), "the same initial weights");
    Nd4j.getRandom().setSeed(11);
    for (int step = 0; step < 3; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(3).subi(1);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
      for (int i = 0; i < 16; i++) {
        y.putScalar(i, (i * 7 + step) % 10, 1);
      }
      TestNetworks.assertSameGradients(own, fast, x, y, step);
      fast.fit(new DataSet(x, y));
      own.fit(new DataSet(x, y));
      Map<String, INDArray> expectedStatistics = runningStatistics(own);
      Map<String, INDArray> actualStatistics = runningStatistics(fast);
      assertTrue(!expectedStatistics.isEmpty(), "running statistics to compare");
      assertEquals(expectedStatistics.keySet(), actualStatistics.keySet());
      for (String name : expectedStatistics.keySet()) {
        INDArray reference = expectedStatistics.get(name);
        double scale = Math.abs(reference.amaxNumber().doubleValue());
        double largest =
            Math.abs(actualStatistics.get(name).sub(reference).amaxNumber().doubleValue());
        assertTrue(
            largest <= 1e-5 * scale + 1e-7,
            "step %d, %s: largest difference %.3g, largest value %.3g"
                .formatted(step, name, largest, scale));
      }
      own.setParams(fast.params());
    }
    for (Counting delegate : delegates) {
      assertEquals(0, delegate.backprops, "backward passes left to oneDNN's helper");
      assertEquals(0, delegate.trainingForwards, "batch statistics left to oneDNN's helper");
      assertSame(
          delegate.wrapper.getMeanCache(DataType.FLOAT),
          delegate.lastGivenMean,
          "the last training pass normalized with the batch mean from Java");
    }
    for (Layer layer : TestNetworks.layers(fast)) {
      if (layer instanceof BatchNormalization batchNorm) {
        assertEquals(0, helperFailures(batchNorm), "helper failures DL4J fell back from");
      }
    }
  }

  /** The oneDNN helper, counting the calls that reach it. */
  static final class Counting extends MKLDNNBatchNormHelper {
    int backprops;
    int trainingForwards;
    INDArray lastGivenMean;
    JavaBatchNorm wrapper;

    Counting() {
      super(DataType.FLOAT);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray epsilon,
        long[] shape,
        INDArray gamma,
        INDArray beta,
        INDArray dGammaView,
        INDArray dBetaView,
        double eps,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      backprops++;
      return super.backpropGradient(
          input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
    }

    @Override
    public INDArray preOutput(
        INDArray x,
        boolean training,
        long[] shape,
        INDArray gamma,
        INDArray beta,
        INDArray mean,
        INDArray var,
        double decay,
        double eps,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      if (training) {
        trainingForwards++;
      } else {
        lastGivenMean = mean;
      }
      return super.preOutput(
          x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
    }
  }

  /** The running mean and variance (or log10 std) of every batch-norm layer, copied. */
  private static Map<String, INDArray> runningStatistics(Network network) {
    Map<String, INDArray> table =
        network instanceof Network.Chain chain
            ? chain.network().paramTable()
            : ((Network.Graph) network).graph().paramTable();
    Map<String, INDArray> copies = new TreeMap<>();
    table.forEach(
        (name, values) -> {
          if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
            copies.put(name, values.dup());
          }
        });
    return copies;
  }

  private static List<Counting> wrapCounting(Network network) throws ReflectiveOperationException {
    Field helper = BatchNormalization.class.getDeclaredField("helper");
    helper.setAccessible(true);
    List<Counting> delegates = new ArrayList<>();
    for (Layer layer : TestNetworks.layers(network)) {
      if (layer instanceof BatchNormalization batchNorm) {
        Counting counting = new Counting();
        counting.wrapper = new JavaBatchNorm(counting);
        helper.set(batchNorm, counting.wrapper);
        delegates.add(counting);
      }
    }
    assertTrue(!delegates.isEmpty(), "batch-norm layers to wrap");
    return delegates;
  }

  private static int helperFailures(BatchNormalization layer) throws ReflectiveOperationException {
    Field failures = BatchNormalization.class.getDeclaredField("helperCountFail");
    failures.setAccessible(true);
    return failures.getInt(layer);
  }

  private static Architecture arch(String notation, int batch) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-2, batch));
  }
}
