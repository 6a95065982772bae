package io.nas4j.evaluator.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A ReLU activation layer ({@code bn relu} in the notation: DL4J's {@link ActivationLayer} after a
 * batch norm) that makes one pass over its arrays forward and two vectorised ones backward.
 *
 * <p>DL4J M2.1's activation layer copies its input before applying the function in place (forward),
 * and in the backward pass copies its input again, lets {@link ActivationReLU} write the gradient
 * into a further new array and moves that into the layer's workspace: two to four passes over the
 * activations more than the arithmetic needs, in a layer that does nothing but pass over them. This
 * one writes {@code max(x, 0)} from the input into a fresh array of the layer's workspace, and the
 * gradient {@code dy * (x > 0)} into another: the step {@code x > 0 ? 1 : 0} of the input ({@link
 * Step}), then multiplied by the incoming gradient in place. DL4J's own op for that gradient
 * ({@code relu_bp}, {@code RectifiedLinearDerivative}) calls a {@code std::function} per element
 * and took 8% of a 2-thread training step of a net with four {@code bn relu}; the two vectorised
 * passes take a fraction of that (docs/benchmarks.md, "ReLU's gradient in two vectorised passes").
 * Forward, the op is DL4J's ({@link RectifiedLinear}). The values are DL4J's: {@code x > 0 ? dy :
 * 0} and {@code dy * (x > 0 ? 1 : 0)} differ only where {@code x <= 0} and {@code dy} is negative
 * (-0 here, +0 there, equal as numbers) or not finite (NaN here, 0 there: a training whose
 * gradients are not finite has diverged anyway), so the weights and gradients of a training are
 * DL4J's to the bit.
 *
 * <p>{@link #install} puts it in place of every runtime layer of a network that is exactly DL4J's
 * activation layer with a plain ReLU (no threshold, cap or slope) and no dropout. Only the runtime
 * layer changes: the configuration, and so every saved model, is DL4J's own. A chain's {@code
 * getLayer(String)} still answers with DL4J's layer object (its name map is not updated; nothing in
 * training reads it), and {@code clone()} builds DL4J's layers again.
 */
final class LeanRelu extends ActivationLayer {

  private LeanRelu(ActivationLayer replaced) {
    super(replaced.conf(), replaced.getDataType());
    setIndex(replaced.getIndex());
    setListeners(replaced.getListeners());
  }

  /**
   * Replaces the plain ReLU activation layers of {@code model} and returns how many it replaced.
   */
  static int install(Model model) {
    return RuntimeLayers.replace(
        model, LeanRelu::plainRelu, layer -> new LeanRelu((ActivationLayer) layer));
  }

  /** Whether {@code layer} is DL4J's own activation layer with a plain ReLU and no dropout. */
  static boolean plainRelu(Layer layer) {
    if (layer == null || layer.getClass() != ActivationLayer.class) {
      return false;
    }
    var conf = (org.deeplearning4j.nn.conf.layers.ActivationLayer) layer.conf().getLayer();
    return conf.getIDropout() == null
        && conf.getActivationFn() instanceof ActivationReLU relu
        && relu.getMax() == null
        && zero(relu.getThreshold())
        && zero(relu.getNegativeSlope());
  }

  private static boolean zero(Double value) {
    return value == null || value == 0.0;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
    Nd4j.getExecutioner().exec(new RectifiedLinear(input, out));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray delta =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
    Nd4j.getExecutioner().exec(new Step(input, delta, 0.0));
    delta.muli(epsilon);
    return new Pair<>(new DefaultGradient(), delta);
  }
}
