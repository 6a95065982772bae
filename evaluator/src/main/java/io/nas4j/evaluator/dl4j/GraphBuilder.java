package io.nas4j.evaluator.dl4j;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Padding;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Builds the DL4J {@link ComputationGraph} of an architecture with residual or multi-branch blocks.
 * Layers outside and inside blocks are made as {@link NetworkBuilder} makes a chain's (the same
 * fusing, initialisation and weight decay); a residual block adds its body's output to its input
 * (an {@link ElementWiseVertex} add), through a 1x1 convolution without bias and with the body's
 * stride, then a batch norm if the body has one, when the shapes differ; a multi-branch block
 * concatenates its branches on channels (a {@link MergeVertex}). Vertices are named {@code l<i>}
 * along the chain, {@code l<i>-<j>} inside block {@code i} ({@code l<i>-b<k>-<j>} in branch {@code
 * k}). The parameter count equals {@link Analysis#params()}.
 */
public final class GraphBuilder {

  private GraphBuilder() {}

  /** The network, initialised with weights drawn from {@code seed}. */
  public static ComputationGraph build(Architecture architecture, long seed, double weightDecay) {
    ComputationGraph graph = new ComputationGraph(configuration(architecture, seed, weightDecay));
    graph.init();
    JavaBatchNorm.install(graph);
    return graph;
  }

  /** As {@link #build}, the configuration only. */
  public static ComputationGraphConfiguration configuration(
      Architecture architecture, long seed, double weightDecay) {
    NetworkBuilder.checkWeightDecay(weightDecay);
    ComputationGraphConfiguration.GraphBuilder graph =
        NetworkBuilder.globals(architecture, seed)
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(
                InputType.convolutional(
                    architecture.input().height(),
                    architecture.input().width(),
                    architecture.input().channels()));
    Analysis analysis = Analysis.of(architecture);
    if (!analysis.valid()) {
      throw new IllegalArgumentException(analysis.invalidReason().orElseThrow());
    }
    String last = new Chain(graph, weightDecay).add(architecture.layers(), "input", "l", analysis);
    graph.setOutputs(last);
    return graph.build();
  }

  /** Adds chains of layers to the graph builder. */
  private record Chain(ComputationGraphConfiguration.GraphBuilder graph, double weightDecay) {

    /**
     * Adds {@code layers} after vertex {@code from}, naming them {@code prefix<i>}; returns the
     * last vertex. {@code analysis} (top level only) gives each block's input shape.
     */
    String add(List<Layer> layers, String from, String prefix, Analysis analysis) {
      String previous = from;
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        String name = prefix + i;
        Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
        ActivationFn fused =
            next instanceof Layer.Activation a && NetworkBuilder.fusable(layer)
                ? a.function()
                : null;
        if (layer instanceof Layer.Residual r) {
          previous = residual(r, previous, name, analysis.layers().get(i));
        } else if (layer instanceof Layer.Branches b) {
          List<String> ends = new ArrayList<>();
          for (int k = 0; k < b.branches().size(); k++) {
            ends.add(add(b.branches().get(k), previous, name + "-b" + k + "-", null));
          }
          graph.addVertex(name, new MergeVertex(), ends.toArray(String[]::new));
          previous = name;
        } else if (layer instanceof Layer.SeparableConv c) {
          graph.addLayer(name + "dw", NetworkBuilder.depthwise(c, weightDecay), previous);
          graph.addLayer(
              name,
              NetworkBuilder.dl4jLayer(
                  new Layer.Conv(1, c.filters(), 1, Padding.SAME, c.bias()), fused, weightDecay),
              name + "dw");
          previous = name;
        } else {
          graph.addLayer(name, NetworkBuilder.dl4jLayer(layer, fused, weightDecay), previous);
          previous = name;
        }
        if (fused != null) {
          i++;
        }
      }
      return previous;
    }

    private String residual(Layer.Residual r, String from, String name, Analysis.LayerCost cost) {
      String body = add(r.body(), from, name + "-", null);
      String skip = from;
      if (!cost.in().equals(cost.out())) {
        skip = name + "-proj";
        graph.addLayer(
            skip,
            NetworkBuilder.dl4jLayer(
                new Layer.Conv(1, cost.out().channels(), r.stride(), Padding.SAME, false),
                null,
                weightDecay),
            from);
        if (r.body().contains(new Layer.BatchNorm())) {
          graph.addLayer(name + "-projbn", new BatchNormalization.Builder().build(), skip);
          skip = name + "-projbn";
        }
      }
      graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), body, skip);
      return name;
    }
  }
}
