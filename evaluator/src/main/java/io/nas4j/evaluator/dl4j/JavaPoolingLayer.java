package io.nas4j.evaluator.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subsampling layer whose forward pass, too, goes through {@link JavaMaxPooling}.
 *
 * <p>DL4J M2.1's subsampling layer asks its helper for the backward pass only; forward it always
 * runs libnd4j's pooling op, which for NCHW activations is oneDNN's reference loop: 11 ms per call
 * for 128 x 32 x 14 x 14 on the AMD EPYC VM, 10% of all oneDNN time of a training step of
 * headline34's rank 1 (DNNL_VERBOSE; docs/benchmarks.md, "Max pooling's forward pass in Java").
 * This layer computes the window and padding as DL4J's backward pass does and hands them to the
 * helper when it is a {@link JavaMaxPooling}; whatever that does not handle (NHWC, other modes), or
 * once it has thrown, runs DL4J's own forward pass. Average pooling layers stay DL4J's own.
 *
 * <p>{@link #install} puts it in place of DL4J's runtime subsampling layers ({@link
 * RuntimeLayers}); the configuration, and so every saved model, is DL4J's own.
 */
final class JavaPoolingLayer extends SubsamplingLayer {

  private static final Logger LOG = LoggerFactory.getLogger(JavaPoolingLayer.class);

  private JavaPoolingLayer(SubsamplingLayer replaced) {
    super(replaced.conf(), replaced.getDataType());
    setIndex(replaced.getIndex());
    setListeners(replaced.getListeners());
  }

  /**
   * Replaces DL4J's own max pooling layers of {@code model} (the class itself, not subclasses) and
   * returns how many it replaced. Install before {@link JavaMaxPooling#install}, which wraps the
   * new layers' helpers.
   */
  static int install(Model model) {
    return RuntimeLayers.replace(
        model,
        layer ->
            layer.getClass() == SubsamplingLayer.class
                && ((SubsamplingLayer) layer).layerConf().getPoolingType() == PoolingType.MAX,
        layer -> new JavaPoolingLayer((SubsamplingLayer) layer));
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray output = javaForward(workspaceMgr);
    return output != null ? output : super.activate(training, workspaceMgr);
  }

  /**
   * The forward pass through {@link JavaMaxPooling}, or null when the helper is not one, does not
   * handle this input, or failed before.
   */
  INDArray javaForward(LayerWorkspaceMgr workspaceMgr) {
    if (!(helper instanceof JavaMaxPooling java) || helperCountFail > 0) {
      return null;
    }
    assertInputSet(false);
    org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
    if (input.rank() != 4 || conf.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      return null;
    }
    INDArray x = input.castTo(dataType);
    int[] kernel = conf.getKernelSize();
    int[] strides = conf.getStride();
    int[] dilation = conf.getDilation();
    int[] pad = conf.getPadding();
    if (convolutionMode == ConvolutionMode.Same) {
      int[] out =
          ConvolutionUtils.getOutputSize(
              x, kernel, strides, null, convolutionMode, dilation, CNN2DFormat.NCHW);
      int[] in = {(int) x.size(2), (int) x.size(3)};
      pad = ConvolutionUtils.getSameModeTopLeftPadding(out, in, kernel, strides, dilation);
    }
    try {
      return java.forward(
          x,
          kernel,
          strides,
          pad,
          conf.getPoolingType(),
          convolutionMode,
          dilation,
          CNN2DFormat.NCHW,
          workspaceMgr);
    } catch (RuntimeException e) {
      helperCountFail++;
      LOG.warn(
          "Java max pooling failed in layer {}; DL4J's own code runs from now on", layerId(), e);
      return null;
    }
  }
}
