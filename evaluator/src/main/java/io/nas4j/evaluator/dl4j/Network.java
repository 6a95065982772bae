package io.nas4j.evaluator.dl4j;

import io.nas4j.space.arch.Architecture;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A DL4J network nas4j trains: a chain ({@link MultiLayerNetwork}, built by {@link NetworkBuilder})
 * or a graph with residual or multi-branch blocks ({@link ComputationGraph}, built by {@link
 * GraphBuilder}). What the trainer, the training states and the model files need of either.
 */
public sealed interface Network permits Network.Chain, Network.Graph {

  /**
   * The network of {@code architecture}, initialised with weights drawn from {@code seed}, with
   * decoupled weight decay {@code weightDecay} (0 = none), for training: the convolutions that read
   * the images skip the gradient at the network's input ({@link InputConvolution}), and the ReLU
   * layers make one pass over their arrays each way ({@link LeanRelu}), the depthwise convolutions'
   * backward pass runs in Java ({@link JavaDepthwise}), and max pooling runs in Java both ways
   * ({@link JavaPoolingLayer}, {@link JavaMaxPooling}).
   */
  static Network build(Architecture architecture, long seed, double weightDecay) {
    Network network =
        architecture.graph()
            ? new Graph(GraphBuilder.build(architecture, seed, weightDecay))
            : new Chain(NetworkBuilder.build(architecture, seed, weightDecay));
    InputConvolution.install(network.model());
    LeanRelu.install(network.model());
    JavaDepthwise.install(network.model());
    JavaPoolingLayer.install(network.model());
    JavaMaxPooling.install(network.model());
    return network;
  }

  /** The DL4J model, for {@link org.deeplearning4j.util.ModelSerializer}. */
  Model model();

  /** One mini-batch step. */
  void fit(DataSet batch);

  /** Class probabilities in inference mode. */
  INDArray output(INDArray features);

  /** The last mini-batch's loss, the regularization penalty included. */
  double score();

  /** The regularization penalty of the current weights (weight decay: coefficient/2 x sum w^2). */
  double regularizationScore();

  void setLearningRate(double learningRate);

  INDArray params();

  void setParams(INDArray params);

  long numParams();

  /** The optimizer's state (Adam's moments), a view to read and write in place. */
  INDArray updaterState();

  int iterations();

  int epochs();

  void setIterations(int iterations);

  void setEpochs(int epochs);

  /** DL4J's configuration JSON. */
  String configurationJson();

  /** A {@link MultiLayerNetwork}. */
  record Chain(MultiLayerNetwork network) implements Network {

    @Override
    public Model model() {
      return network;
    }

    @Override
    public void fit(DataSet batch) {
      network.fit(batch);
    }

    @Override
    public INDArray output(INDArray features) {
      return network.output(features, false);
    }

    @Override
    public double score() {
      return network.score();
    }

    @Override
    public double regularizationScore() {
      return network.calcRegularizationScore(true);
    }

    @Override
    public void setLearningRate(double learningRate) {
      network.setLearningRate(learningRate);
    }

    @Override
    public INDArray params() {
      return network.params();
    }

    @Override
    public void setParams(INDArray params) {
      network.setParams(params);
    }

    @Override
    public long numParams() {
      return network.numParams();
    }

    @Override
    public INDArray updaterState() {
      return network.getUpdater().getStateViewArray();
    }

    @Override
    public int iterations() {
      return network.getIterationCount();
    }

    @Override
    public int epochs() {
      return network.getEpochCount();
    }

    @Override
    public void setIterations(int iterations) {
      network.setIterationCount(iterations);
    }

    @Override
    public void setEpochs(int epochs) {
      network.setEpochCount(epochs);
    }

    @Override
    public String configurationJson() {
      return network.getLayerWiseConfigurations().toJson();
    }
  }

  /** A {@link ComputationGraph} with one input and one output. */
  record Graph(ComputationGraph graph) implements Network {

    @Override
    public Model model() {
      return graph;
    }

    @Override
    public void fit(DataSet batch) {
      graph.fit(batch);
    }

    @Override
    public INDArray output(INDArray features) {
      return graph.outputSingle(false, features);
    }

    @Override
    public double score() {
      return graph.score();
    }

    @Override
    public double regularizationScore() {
      return graph.calcRegularizationScore(true);
    }

    @Override
    public void setLearningRate(double learningRate) {
      graph.setLearningRate(learningRate);
    }

    @Override
    public INDArray params() {
      return graph.params();
    }

    @Override
    public void setParams(INDArray params) {
      graph.setParams(params);
    }

    @Override
    public long numParams() {
      return graph.numParams();
    }

    @Override
    public INDArray updaterState() {
      return graph.getUpdater().getStateViewArray();
    }

    @Override
    public int iterations() {
      return graph.getIterationCount();
    }

    @Override
    public int epochs() {
      return graph.getEpochCount();
    }

    @Override
    public void setIterations(int iterations) {
      graph.getConfiguration().setIterationCount(iterations);
    }

    @Override
    public void setEpochs(int epochs) {
      graph.getConfiguration().setEpochCount(epochs);
    }

    @Override
    public String configurationJson() {
      return graph.getConfiguration().toJson();
    }
  }
}
