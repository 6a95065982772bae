package io.nas4j.evaluator.dl4j;

import java.lang.reflect.Field;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The private {@code helper} field of a DL4J M2.1 layer class, through which nas4j puts its Java
 * replacements of libnd4j ops ({@link JavaBatchNorm}, {@link JavaMaxPooling}, {@link
 * InputConvolution}) around DL4J's oneDNN helpers. With another DL4J version that lacks the field,
 * nothing is wrapped and DL4J's own code runs.
 */
final class HelperSlot<H> {

  private final Class<?> layerClass;
  private final Field field;
  private final Class<H> helperType;

  /** The slot of {@code layerClass} for helpers of type {@code helperType}. */
  HelperSlot(Class<?> layerClass, Class<H> helperType) {
    this.layerClass = layerClass;
    this.field = field(layerClass);
    this.helperType = helperType;
  }

  /**
   * Wraps the helper of every layer of {@code model} of this slot's layer class whose helper is of
   * this slot's type (others are left as they are) and returns how many it wrapped.
   */
  int wrapAll(Model model, Function<H, ?> wrapper) {
    Layer[] layers =
        model instanceof MultiLayerNetwork chain
            ? chain.getLayers()
            : ((ComputationGraph) model).getLayers();
    int wrapped = 0;
    for (Layer layer : layers) {
      if (layerClass.isInstance(layer) && wrap(layer, wrapper)) {
        wrapped++;
      }
    }
    return wrapped;
  }

  private static Field field(Class<?> layerClass) {
    try {
      Field field = layerClass.getDeclaredField("helper");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Replaces the helper of {@code layer} by {@code wrapper} of it when it is of this slot's helper
   * type; returns whether it did.
   */
  boolean wrap(Layer layer, Function<H, ?> wrapper) {
    if (field == null) {
      return false;
    }
    try {
      Object helper = field.get(layer);
      if (!helperType.isInstance(helper)) {
        return false;
      }
      field.set(layer, wrapper.apply(helperType.cast(helper)));
      return true;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("setAccessible succeeded, yet: " + e, e);
    }
  }
}
