package io.nas4j.evaluator.dl4j;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.Training;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network of an {@link Architecture}. An activation directly after a convolution or
 * dense layer is fused into it; after batch norm it is a separate activation layer. ReLU-family
 * activations get He initialisation, tanh Xavier; the output layer is softmax with cross-entropy.
 * The parameter count equals {@link io.nas4j.space.arch.Analysis#params()}.
 */
public final class NetworkBuilder {

  private NetworkBuilder() {}

  /** The network, initialised with weights drawn from {@code seed}. */
  public static MultiLayerNetwork build(Architecture architecture, long seed) {
    return build(architecture, seed, 0);
  }

  /**
   * The network, initialised with weights drawn from {@code seed}, whose weights (not biases, not
   * batch-norm parameters) decay by {@code weightDecay} times the current learning rate at every
   * mini-batch, decoupled from the optimizer's gradient statistics as in AdamW (0 = no decay).
   */
  public static MultiLayerNetwork build(Architecture architecture, long seed, double weightDecay) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(configuration(architecture, seed, weightDecay));
    network.init();
    JavaBatchNorm.install(network);
    return network;
  }

  public static MultiLayerConfiguration configuration(Architecture architecture, long seed) {
    return configuration(architecture, seed, 0);
  }

  /** As {@link #build(Architecture, long, double)}, the configuration only. */
  public static MultiLayerConfiguration configuration(
      Architecture architecture, long seed, double weightDecay) {
    checkWeightDecay(weightDecay);
    if (architecture.graph()) {
      throw new IllegalArgumentException(
          "residual and multi-branch blocks make a DL4J ComputationGraph: build it with"
              + " GraphBuilder (Network.build chooses): "
              + architecture.notation());
    }
    // Weight decay is set on each layer: set on this global builder, M2.1 puts it twice into every
    // layer's list (applied twice, counted twice in the score).
    NeuralNetConfiguration.ListBuilder list = globals(architecture, seed).list();
    List<Layer> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
      ActivationFn fused =
          next instanceof Layer.Activation a && fusable(layer) ? a.function() : null;
      if (layer instanceof Layer.SeparableConv c) {
        // As a depthwise conv and a 1x1 conv: the same parameters as DL4J's
        // SeparableConvolution2D, which was 7x slower here and fails on one input channel.
        list.layer(depthwise(c, weightDecay));
        list.layer(
            dl4jLayer(
                new Layer.Conv(1, c.filters(), 1, Padding.SAME, c.bias()), fused, weightDecay));
      } else {
        list.layer(dl4jLayer(layer, fused, weightDecay));
      }
      if (fused != null) {
        i++;
      }
    }
    list.setInputType(
        InputType.convolutional(
            architecture.input().height(),
            architecture.input().width(),
            architecture.input().channels()));
    return list.build();
  }

  /**
   * The settings every network shares, chain or graph: float weights, the architecture's optimizer,
   * He initialisation, workspaces, and {@link CacheMode#DEVICE}: a convolution keeps its output of
   * the forward pass for the backward pass instead of computing it a second time there (M2.1
   * recomputes it without a cache mode).
   */
  static NeuralNetConfiguration.Builder globals(Architecture architecture, long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(updater(architecture.training()))
        .weightInit(WeightInit.RELU)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .cacheMode(CacheMode.DEVICE);
  }

  static void checkWeightDecay(double weightDecay) {
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new IllegalArgumentException("weight decay must be in [0, 1), but was " + weightDecay);
    }
  }

  static boolean fusable(Layer layer) {
    return layer instanceof Layer.Convolution || layer instanceof Layer.Dense;
  }

  /** With {@code weightDecay > 0}, decoupled weight decay of the builder's weights (not biases). */
  private static <B extends BaseLayer.Builder<B>> B decayed(B builder, double weightDecay) {
    if (weightDecay > 0) {
      builder.weightDecay(weightDecay, true); // returns the raw builder type, so not chained
    }
    return builder;
  }

  static org.deeplearning4j.nn.conf.layers.Layer dl4jLayer(
      Layer layer, ActivationFn fused, double weightDecay) {
    Activation activation = fused == null ? Activation.IDENTITY : activation(fused);
    WeightInit init = fused == ActivationFn.TANH ? WeightInit.XAVIER : WeightInit.RELU;
    if (layer instanceof Layer.Conv c) {
      return decayed(new ConvolutionLayer.Builder(c.kernel(), c.kernel()), weightDecay)
          .stride(c.stride(), c.stride())
          .nOut(c.filters())
          .convolutionMode(mode(c.padding()))
          .hasBias(c.bias())
          .activation(activation)
          .weightInit(init)
          .build();
    } else if (layer instanceof Layer.BatchNorm) {
      return new BatchNormalization.Builder().build();
    } else if (layer instanceof Layer.Activation a) {
      return new ActivationLayer.Builder().activation(activation(a.function())).build();
    } else if (layer instanceof Layer.Pool p) {
      return new SubsamplingLayer.Builder(
              p.kind() == io.nas4j.space.arch.PoolKind.MAX ? PoolingType.MAX : PoolingType.AVG)
          .kernelSize(p.size(), p.size())
          .stride(p.stride(), p.stride())
          .convolutionMode(mode(p.padding()))
          .build();
    } else if (layer instanceof Layer.GlobalPool g) {
      return new GlobalPoolingLayer.Builder(
              g.kind() == io.nas4j.space.arch.PoolKind.MAX ? PoolingType.MAX : PoolingType.AVG)
          .build();
    } else if (layer instanceof Layer.Dense d) {
      return decayed(new DenseLayer.Builder(), weightDecay)
          .nOut(d.units())
          .activation(activation)
          .weightInit(init)
          .build();
    } else if (layer instanceof Layer.Dropout d) {
      // DL4J's Dropout takes the probability of RETAINING an activation.
      return new DropoutLayer.Builder().dropOut(new Dropout(1.0 - d.rate())).build();
    } else if (layer instanceof Layer.Output o) {
      return decayed(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT), weightDecay)
          .nOut(o.classes())
          .activation(Activation.SOFTMAX)
          .weightInit(WeightInit.XAVIER)
          .build();
    }
    throw new IllegalStateException("unknown layer " + layer);
  }

  static DepthwiseConvolution2D depthwise(Layer.SeparableConv c, double weightDecay) {
    return decayed(new DepthwiseConvolution2D.Builder(c.kernel(), c.kernel()), weightDecay)
        .stride(c.stride(), c.stride())
        .depthMultiplier(1)
        .convolutionMode(mode(c.padding()))
        .hasBias(false)
        .activation(Activation.IDENTITY)
        .weightInit(WeightInit.RELU)
        .build();
  }

  private static ConvolutionMode mode(Padding padding) {
    return padding == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
  }

  static Activation activation(ActivationFn function) {
    return switch (function) {
      case RELU -> Activation.RELU;
      case LEAKYRELU -> Activation.LEAKYRELU;
      case ELU -> Activation.ELU;
      case SWISH -> Activation.SWISH;
      case TANH -> Activation.TANH;
    };
  }

  static IUpdater updater(Training training) {
    return switch (training.optimizer()) {
      case ADAM -> new Adam(training.learningRate());
      case SGD -> new Nesterovs(training.learningRate(), 0.9);
      case RMSPROP -> new RmsProp(training.learningRate());
    };
  }
}
