package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Networks are built with {@link CacheMode#DEVICE} (a convolution keeps its forward output for the
 * backward pass); that must change the speed only: the same steps give the same weights as without
 * the cache, for chains and graphs, with inference between the steps (which must not leave a stale
 * cache behind).
 */
class CacheModeTest {

  @BeforeAll
  static void init() {
    Dl4jRuntime.init(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3x8 relu | max2 | c3x16s2nb bn relu | sc3x8 relu | d16 relu | out10",
        "c5x8s2v relu | avg2 | c3x16 relu | gap | out10",
        "c3x8 bn relu | res(c3x8 bn relu | c3x8 bn) relu | br(c1x8 relu; c3x8 relu | c3x8 relu)"
            + " | max2 | res(c3x16s2nb relu | c3x16nb) relu | gap | out10"
      })
  void cachedForwardOutputsTrainToTheSameWeightsAsRecomputedOnes(String notation) {
    Architecture arch =
        Architecture.of(
            Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-2, 8));
    Network cached = Network.build(arch, 5, 0.01);
    Network recomputed = withoutCache(arch, 5, 0.01);
    assertEquals(CacheMode.DEVICE, cacheMode(cached));
    assertEquals(CacheMode.NONE, cacheMode(recomputed));
    Nd4j.getRandom().setSeed(3);
    for (int step = 0; step < 4; step++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
      for (int i = 0; i < 8; i++) {
        y.putScalar(i, (i * 3 + step) % 10, 1);
      }
      cached.fit(new DataSet(x, y));
      recomputed.fit(new DataSet(x, y));
      // inference between steps, as validation does between epochs
      assertEquals(recomputed.output(x), cached.output(x), "output after step " + step);
    }
    assertEquals(recomputed.params(), cached.params(), notation);
    assertEquals(recomputed.score(), cached.score(), 1e-6);
  }

  /** As {@link Network#build} (the same Java replacements of libnd4j ops), without the cache. */
  private static Network withoutCache(Architecture arch, long seed, double weightDecay) {
    if (arch.graph()) {
      ComputationGraphConfiguration conf = GraphBuilder.configuration(arch, seed, weightDecay);
      conf.setCacheMode(CacheMode.NONE);
      ComputationGraph graph = new ComputationGraph(conf);
      graph.init();
      JavaBatchNorm.install(graph);
      InputConvolution.install(graph);
      graph.setCacheMode(CacheMode.NONE);
      return new Network.Graph(graph);
    }
    MultiLayerConfiguration conf = NetworkBuilder.configuration(arch, seed, weightDecay);
    conf.setCacheMode(CacheMode.NONE);
    MultiLayerNetwork chain = new MultiLayerNetwork(conf);
    chain.init();
    JavaBatchNorm.install(chain);
    InputConvolution.install(chain);
    chain.setCacheMode(CacheMode.NONE);
    return new Network.Chain(chain);
  }

  private static CacheMode cacheMode(Network network) {
    return network instanceof Network.Chain c
        ? c.network().getLayerWiseConfigurations().getCacheMode()
        : ((Network.Graph) network).graph().getConfiguration().getCacheMode();
  }
}
