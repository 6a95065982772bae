package io.nas4j.evaluator.dl4j;

import io.nas4j.space.arch.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.lang.model.SourceVersion;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Java source that builds an architecture's DL4J network with DL4J's own builders, for users who
 * want the code rather than nas4j: a class with {@code configuration(long seed)} and {@code
 * network(long seed)}: a {@code MultiLayerNetwork} for chains, a {@code ComputationGraph} for
 * networks with residual or multi-branch blocks. It is rendered from the configuration {@link
 * NetworkBuilder} or {@link GraphBuilder} makes, layer by layer and vertex by vertex, so the two
 * build equal configurations (a test compiles the source and compares DL4J's JSON of both).
 */
public final class JavaExport {

  private JavaExport() {}

  /**
   * @param className a Java identifier for the class (no package is written)
   * @param description one line for the class comment, e.g. the key and notation
   */
  public static String source(
      Architecture architecture, long seed, String className, String description) {
    if (!isClassName(className)) {
      throw new IllegalArgumentException(
          "class name must be a Java class name, but was '" + className + "'");
    }
    boolean graph = architecture.graph();
    StringBuilder out = new StringBuilder();
    out.append("/**\n * Exported by nas4j: ").append(description).append('\n');
    out.append(
        """
         *
         * <p>Inputs are N x %d x %d x %d; nas4j trained on pixels scaled to [0, 1] and standardised
         * with the training images' mean and standard deviation (model.zip holds that normaliser).
         */
        """
            .formatted(
                architecture.input().channels(),
                architecture.input().height(),
                architecture.input().width()));
    String type = graph ? "ComputationGraph" : "MultiLayerNetwork";
    String confType = graph ? "ComputationGraphConfiguration" : "MultiLayerConfiguration";
    out.append("public final class ").append(className).append(" {\n\n");
    out.append("  private ").append(className).append("() {}\n\n");
    out.append("  public static ").append(confType).append(" configuration(long seed) {\n");
    out.append("    return new NeuralNetConfiguration.Builder()\n");
    out.append("        .seed(seed)\n");
    String inputType =
        "InputType.convolutional(%d, %d, %d)"
            .formatted(
                architecture.input().height(),
                architecture.input().width(),
                architecture.input().channels());
    if (graph) {
      graphCalls(out, GraphBuilder.configuration(architecture, seed, 0), inputType);
    } else {
      chainCalls(out, NetworkBuilder.configuration(architecture, seed), inputType);
    }
    out.append("        .build();\n  }\n\n");
    out.append(
        """
          /** The network with freshly initialised weights. */
          public static %s network(long seed) {
            %s network = new %s(configuration(seed));
            network.init();
            return network;
          }
        }
        """
            .formatted(type, type, type));
    return imports(out.toString()) + "\n" + out;
  }

  private static final List<String> IMPORTS =
      List.of(
          "org.deeplearning4j.nn.conf.ComputationGraphConfiguration",
          "org.deeplearning4j.nn.conf.ConvolutionMode",
          "org.deeplearning4j.nn.conf.MultiLayerConfiguration",
          "org.deeplearning4j.nn.conf.NeuralNetConfiguration",
          "org.deeplearning4j.nn.conf.WorkspaceMode",
          "org.deeplearning4j.nn.conf.CacheMode",
          "org.deeplearning4j.nn.conf.dropout.Dropout",
          "org.deeplearning4j.nn.conf.graph.ElementWiseVertex",
          "org.deeplearning4j.nn.conf.graph.MergeVertex",
          "org.deeplearning4j.nn.conf.inputs.InputType",
          "org.deeplearning4j.nn.conf.layers.ActivationLayer",
          "org.deeplearning4j.nn.conf.layers.BatchNormalization",
          "org.deeplearning4j.nn.conf.layers.ConvolutionLayer",
          "org.deeplearning4j.nn.conf.layers.DenseLayer",
          "org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D",
          "org.deeplearning4j.nn.conf.layers.DropoutLayer",
          "org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer",
          "org.deeplearning4j.nn.conf.layers.OutputLayer",
          "org.deeplearning4j.nn.conf.layers.PoolingType",
          "org.deeplearning4j.nn.conf.layers.SubsamplingLayer",
          "org.deeplearning4j.nn.graph.ComputationGraph",
          "org.deeplearning4j.nn.multilayer.MultiLayerNetwork",
          "org.deeplearning4j.nn.weights.WeightInit",
          "org.nd4j.linalg.activations.Activation",
          "org.nd4j.linalg.api.buffer.DataType",
          "org.nd4j.linalg.learning.config.Adam",
          "org.nd4j.linalg.learning.config.Nesterovs",
          "org.nd4j.linalg.learning.config.RmsProp",
          "org.nd4j.linalg.lossfunctions.LossFunctions");

  /** The builder calls of a graph: its globals, then every vertex in order. */
  private static void graphCalls(
      StringBuilder out, ComputationGraphConfiguration conf, String inputType) {
    List<Layer> layers = new ArrayList<>();
    for (GraphVertex v : conf.getVertices().values()) {
      if (v instanceof LayerVertex l) {
        layers.add(l.getLayerConf().getLayer());
      }
    }
    globals(
        out,
        conf.getDataType(),
        updaterOf(layers),
        conf.getTrainingWorkspaceMode(),
        conf.getInferenceWorkspaceMode(),
        conf.getCacheMode());
    out.append("        .graphBuilder()\n");
    out.append("        .addInputs(\"input\")\n");
    out.append("        .setInputTypes(").append(inputType).append(")\n");
    for (var vertex : conf.getVertices().entrySet()) {
      String inputs = quoted(conf.getVertexInputs().get(vertex.getKey()));
      out.append(vertex(vertex.getKey(), vertex.getValue(), inputs));
    }
    out.append("        .setOutputs(").append(quoted(conf.getNetworkOutputs())).append(")\n");
  }

  /** The builder calls of a chain: its globals, then every layer in order. */
  private static void chainCalls(
      StringBuilder out, MultiLayerConfiguration conf, String inputType) {
    List<Layer> layers = conf.getConfs().stream().map(NeuralNetConfiguration::getLayer).toList();
    globals(
        out,
        conf.getDataType(),
        updaterOf(layers),
        conf.getTrainingWorkspaceMode(),
        conf.getInferenceWorkspaceMode(),
        conf.getCacheMode());
    out.append("        .list()\n");
    for (Layer layer : layers) {
      out.append("        .layer(").append(layer(layer)).append(")\n");
    }
    out.append("        .setInputType(").append(inputType).append(")\n");
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> '"' + n + '"').toList());
  }

  /** The import lines of the classes {@code body} mentions. */
  private static String imports(String body) {
    StringBuilder out = new StringBuilder();
    for (String name : IMPORTS) {
      String simple = name.substring(name.lastIndexOf('.') + 1);
      if (java.util.regex.Pattern.compile("\\b" + simple + "\\b").matcher(body).find()) {
        out.append("import ").append(name).append(";\n");
      }
    }
    return out.toString();
  }

  /** A simple name javac accepts for a class: an identifier, not a keyword or restricted name. */
  public static boolean isClassName(String name) {
    return SourceVersion.isIdentifier(name)
        && !SourceVersion.isKeyword(name, SourceVersion.RELEASE_17)
        && !List.of("var", "yield", "record", "sealed", "permits", "_").contains(name);
  }

  /** The updater of the first layer with weights (pooling or activation layers have none). */
  private static IUpdater updaterOf(List<Layer> layers) {
    for (Layer layer : layers) {
      if (layer instanceof BaseLayer b && b.getIUpdater() != null) {
        return b.getIUpdater();
      }
    }
    throw new IllegalStateException("no layer with an updater in " + layers);
  }

  /**
   * The builder calls every network shares: data type, updater, initialisation, workspaces, cache.
   */
  private static void globals(
      StringBuilder out,
      DataType dataType,
      IUpdater updater,
      WorkspaceMode training,
      WorkspaceMode inference,
      CacheMode cache) {
    out.append("        .dataType(DataType.").append(dataType.name()).append(")\n");
    out.append("        .updater(").append(updater(updater)).append(")\n");
    out.append("        .weightInit(WeightInit.RELU)\n");
    out.append("        .trainingWorkspaceMode(WorkspaceMode.")
        .append(training.name())
        .append(")\n");
    out.append("        .inferenceWorkspaceMode(WorkspaceMode.")
        .append(inference.name())
        .append(")\n");
    if (cache != null && cache != CacheMode.NONE) {
      // the forward pass's convolution outputs are kept for the backward pass (faster training)
      out.append("        .cacheMode(CacheMode.").append(cache.name()).append(")\n");
    }
  }

  /** One {@code addLayer} or {@code addVertex} call of a graph. */
  private static String vertex(String name, GraphVertex vertex, String inputs) {
    if (vertex instanceof LayerVertex l) {
      return "        .addLayer(\"%s\", %s, %s)\n"
          .formatted(name, layer(l.getLayerConf().getLayer()), inputs);
    } else if (vertex instanceof ElementWiseVertex e && e.getOp() == ElementWiseVertex.Op.Add) {
      return "        .addVertex(\"%s\", new ElementWiseVertex(ElementWiseVertex.Op.Add), %s)\n"
          .formatted(name, inputs);
    } else if (vertex instanceof MergeVertex) {
      return "        .addVertex(\"%s\", new MergeVertex(), %s)\n".formatted(name, inputs);
    }
    throw new IllegalStateException("no Java export for DL4J vertex " + vertex);
  }

  private static String layer(Layer layer) {
    if (layer instanceof DepthwiseConvolution2D d) {
      return "new DepthwiseConvolution2D.Builder(%s)%n            .stride(%s)%n            .depthMultiplier(%d)%n            .convolutionMode(ConvolutionMode.%s)%n            .hasBias(%s)%n            .activation(%s)%n            .weightInit(%s)%n            .build()"
          .formatted(
              pair(d.getKernelSize()),
              pair(d.getStride()),
              d.getDepthMultiplier(),
              d.getConvolutionMode().name(),
              d.hasBias(),
              activation(d.getActivationFn()),
              weightInit(d.getWeightInitFn()));
    } else if (layer instanceof ConvolutionLayer c) {
      return "new ConvolutionLayer.Builder(%s)%n            .stride(%s)%n            .nOut(%d)%n            .convolutionMode(ConvolutionMode.%s)%n            .hasBias(%s)%n            .activation(%s)%n            .weightInit(%s)%n            .build()"
          .formatted(
              pair(c.getKernelSize()),
              pair(c.getStride()),
              c.getNOut(),
              c.getConvolutionMode().name(),
              c.hasBias(),
              activation(c.getActivationFn()),
              weightInit(c.getWeightInitFn()));
    } else if (layer instanceof BatchNormalization) {
      return "new BatchNormalization.Builder().build()";
    } else if (layer instanceof ActivationLayer a) {
      return "new ActivationLayer.Builder().activation(%s).build()"
          .formatted(activation(a.getActivationFn()));
    } else if (layer instanceof SubsamplingLayer s) {
      return "new SubsamplingLayer.Builder(PoolingType.%s)%n            .kernelSize(%s)%n            .stride(%s)%n            .convolutionMode(ConvolutionMode.%s)%n            .build()"
          .formatted(
              s.getPoolingType().name(),
              pair(s.getKernelSize()),
              pair(s.getStride()),
              s.getConvolutionMode().name());
    } else if (layer instanceof GlobalPoolingLayer g) {
      return "new GlobalPoolingLayer.Builder(PoolingType.%s).build()"
          .formatted(g.getPoolingType().name());
    } else if (layer instanceof DenseLayer d) {
      return "new DenseLayer.Builder()%n            .nOut(%d)%n            .activation(%s)%n            .weightInit(%s)%n            .build()"
          .formatted(d.getNOut(), activation(d.getActivationFn()), weightInit(d.getWeightInitFn()));
    } else if (layer instanceof DropoutLayer d) {
      return "new DropoutLayer.Builder().dropOut(new Dropout(/* keep probability */ %s)).build()"
          .formatted(retain(d.getIDropout()));
    } else if (layer instanceof OutputLayer o) {
      if (!(o.getLossFn() instanceof LossMCXENT)) {
        throw new IllegalStateException("unexpected loss " + o.getLossFn());
      }
      return "new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)%n            .nOut(%d)%n            .activation(%s)%n            .weightInit(%s)%n            .build()"
          .formatted(o.getNOut(), activation(o.getActivationFn()), weightInit(o.getWeightInitFn()));
    }
    throw new IllegalStateException("no Java export for DL4J layer " + layer.getClass());
  }

  private static String pair(int[] values) {
    return values[0] + ", " + values[1];
  }

  private static String retain(IDropout dropout) {
    if (dropout instanceof Dropout d) {
      return number(d.getP());
    }
    throw new IllegalStateException("unexpected dropout " + dropout);
  }

  private static String activation(IActivation function) {
    return constant(Activation.values(), Activation::getActivationFunction, function);
  }

  private static String weightInit(IWeightInit init) {
    return constant(WeightInit.values(), WeightInit::getWeightInitFunction, init);
  }

  /**
   * The enum constant, as Java source ({@code Activation.RELU}), whose default implementation has
   * the class of {@code implementation}. Constants that cannot make one without arguments (e.g.
   * {@code WeightInit.DISTRIBUTION}) are skipped.
   */
  private static <E extends Enum<E>> String constant(
      E[] values, Function<E, Object> defaultOf, Object implementation) {
    for (E value : values) {
      try {
        if (defaultOf.apply(value).getClass().equals(implementation.getClass())) {
          return value.getDeclaringClass().getSimpleName() + "." + value.name();
        }
      } catch (RuntimeException e) {
        // needs arguments: not one nas4j builds
      }
    }
    throw new IllegalStateException("no constant for " + implementation);
  }

  private static String updater(IUpdater updater) {
    if (updater instanceof Adam a) {
      return "new Adam(" + number(a.getLearningRate()) + ")";
    } else if (updater instanceof Nesterovs n) {
      return "new Nesterovs(%s, %s)"
          .formatted(number(n.getLearningRate()), number(n.getMomentum()));
    } else if (updater instanceof RmsProp r) {
      return "new RmsProp(" + number(r.getLearningRate()) + ")";
    }
    throw new IllegalStateException("no Java export for updater " + updater);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }
}
