package io.nas4j.evaluator.dl4j;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Layer;

/**
 * Rough upper estimates of the native memory a candidate needs, checked before it is built so that
 * a net too large for the machine fails as "out of memory" instead of taking the JVM down.
 */
final class MemoryEstimate {

  private MemoryEstimate() {}

  /** Parameters and one forward pass's activations for a validation batch. */
  static long validationBytes(Analysis analysis, int batchSize) {
    long values = analysis.params();
    for (Analysis.LayerCost layer : analysis.layers()) {
      values += activations(layer) * batchSize;
    }
    return values * Float.BYTES;
  }

  /**
   * One training step: parameters with their gradients and two optimizer moments, every layer's
   * activations and their gradients for one mini-batch, and the im2col buffer of each convolution.
   */
  static long trainingBytes(Analysis analysis, int batchSize) {
    long values = analysis.params() * 4;
    for (Analysis.LayerCost layer : analysis.layers()) {
      values += 2 * activations(layer) * batchSize + im2col(layer) * batchSize;
    }
    return values * Float.BYTES;
  }

  static String gib(long bytes) {
    return "%.1f GiB".formatted(bytes / (double) (1L << 30));
  }

  /** Output values per image of a layer, and of every layer inside a block. */
  private static long activations(Analysis.LayerCost layer) {
    long values = layer.out().size();
    for (Analysis.LayerCost inner : layer.inner()) {
      values += inner.out().size();
    }
    return values;
  }

  /** A standard convolution's im2col buffer per image (inside blocks too). */
  private static long im2col(Analysis.LayerCost layer) {
    long values = 0;
    if (layer.layer() instanceof Layer.Conv c) {
      values +=
          (long) layer.in().channels()
              * c.kernel()
              * c.kernel()
              * layer.out().height()
              * layer.out().width();
    }
    for (Analysis.LayerCost inner : layer.inner()) {
      values += im2col(inner);
    }
    return values;
  }
}
