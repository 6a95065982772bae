package io.nas4j.evaluator.dl4j;

import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Puts nas4j's subclasses of DL4J runtime layers ({@link LeanRelu}, {@link JavaDepthwise}, {@link
 * JavaPoolingLayer}) in place of DL4J's own in a built network: in a chain's layer array, in a
 * graph's layer vertices and layer array. The configuration, and so every saved model, stays DL4J's
 * own.
 */
final class RuntimeLayers {

  private RuntimeLayers() {}

  /**
   * Replaces each runtime layer of {@code model} that {@code matches} by {@code replacement} of it
   * and returns how many it replaced.
   */
  static int replace(Model model, Predicate<Layer> matches, UnaryOperator<Layer> replacement) {
    int replaced = 0;
    if (model instanceof MultiLayerNetwork chain) {
      Layer[] layers = chain.getLayers();
      for (int i = 0; i < layers.length; i++) {
        if (matches.test(layers[i])) {
          layers[i] = replacement.apply(layers[i]);
          replaced++;
        }
      }
    } else if (model instanceof ComputationGraph graph) {
      Layer[] layers = graph.getLayers();
      for (GraphVertex vertex : graph.getVertices()) {
        if (vertex instanceof LayerVertex layerVertex && matches.test(layerVertex.getLayer())) {
          Layer old = layerVertex.getLayer();
          Layer fresh = replacement.apply(old);
          layerVertex.setLayer(fresh);
          for (int i = 0; i < layers.length; i++) {
            if (layers[i] == old) {
              layers[i] = fresh;
            }
          }
          replaced++;
        }
      }
    }
    return replaced;
  }
}
