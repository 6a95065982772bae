package io.nas4j.evaluator.dl4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The backward pass of a convolution that reads the network's input: the gradients of its weights
 * and bias only.
 *
 * <p>DL4J M2.1 runs every convolution's backward pass through libnd4j's {@code conv2d_bp} op, which
 * always computes the gradient with respect to the layer's input too; for the first layer nobody
 * reads it (the trainer never asks for the gradient at the images), yet with one input channel
 * oneDNN's Winograd kernel took longer for it than for the weights (DNNL_VERBOSE, ref-small: 5.9 ms
 * of a 97 ms training step, plus the reorders around it). Here the images' patches are laid out in
 * Java (im2col: the input is small, one to a few channels), with a row of ones under each image's
 * patches when the layer has a bias, and one batched matrix product {@code dz_i [out x positions]
 * times patches_i^T}, summed over the images, gives the weights' gradient and in its last column
 * the bias's. The gradient handed back for the input is an uninitialised array of its shape.
 *
 * <p>{@link #install} wraps the oneDNN helper of such a convolution: the first layer of a chain,
 * and in a graph every convolution whose only input is the network's. It is for training only:
 * {@link Network#build} installs it; a network that must give true gradients at its input (e.g. for
 * saliency) must not have it, which is why {@link NetworkBuilder#build} and {@link
 * GraphBuilder#build} do not. Anything but float NCHW input without dilation goes to the helper, as
 * do inference and the forward pass. Should this code throw, DL4J (with its default {@code
 * cudnnAllowFallback}) logs a warning and uses its own code for the layer from then on.
 */
final class InputConvolution implements ConvolutionHelper {

  private static final HelperSlot<MKLDNNConvHelper> SLOT =
      new HelperSlot<>(ConvolutionLayer.class, MKLDNNConvHelper.class);

  /**
   * Patches (or inputs) above this many values go to the delegate: they are copied to the Java heap
   * (64 MiB at this size; a batch of 128 images of 28x28 with 7x7 kernels over 3 channels needs
   * 15M).
   */
  static final long MAX_PATCH_VALUES = 1L << 24;

  /** This thread's copies of the input and of its patches, grown as needed. */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

  private final ConvolutionHelper delegate;

  InputConvolution(ConvolutionHelper delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps the oneDNN helper of each convolution of {@code model} that reads the network's input
   * (see the class comment) and returns how many it wrapped.
   */
  static int install(Model model) {
    List<Layer> first;
    if (model instanceof MultiLayerNetwork chain) {
      first = List.of(chain.getLayer(0));
    } else {
      ComputationGraph graph = (ComputationGraph) model;
      List<String> inputs = graph.getConfiguration().getNetworkInputs();
      Map<String, List<String>> vertexInputs = graph.getConfiguration().getVertexInputs();
      first =
          vertexInputs.entrySet().stream()
              .filter(e -> e.getValue().size() == 1 && inputs.contains(e.getValue().get(0)))
              .map(e -> graph.getLayer(e.getKey()))
              .filter(l -> l != null)
              .toList();
    }
    int wrapped = 0;
    for (Layer layer : first) {
      // exactly DL4J's ConvolutionLayer: subclasses (depthwise, separable, ...) compute otherwise
      if (layer.getClass() == ConvolutionLayer.class && SLOT.wrap(layer, InputConvolution::new)) {
        wrapped++;
      }
    }
    return wrapped;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray input,
      INDArray weights,
      INDArray bias,
      INDArray delta,
      int[] kernel,
      int[] strides,
      int[] pad,
      INDArray biasGradView,
      INDArray weightGradView,
      IActivation afn,
      AlgoMode mode,
      BwdFilterAlgo bwdFilterAlgo,
      BwdDataAlgo bwdDataAlgo,
      ConvolutionMode convolutionMode,
      int[] dilation,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    boolean images = input.rank() == 4 && delta.rank() == 4;
    long n = input.size(0);
    long channels = images ? input.size(1) : 0;
    long outChannels = images ? delta.size(1) : 0;
    long positions = images ? delta.size(2) * delta.size(3) : 0;
    long patch = channels * kernel[0] * kernel[1];
    // null unless the weights' gradient can be written as [out, patch]: 4-d arrays only
    INDArray weightGrad =
        images && weightGradView != null && weightGradView.length() == outChannels * patch
            ? weightGradView.reshape('c', outChannels, patch)
            : null;
    if (format != CNN2DFormat.NCHW
        || input.dataType() != DataType.FLOAT
        || delta.dataType() != DataType.FLOAT
        || dilation[0] != 1
        || dilation[1] != 1
        || (convolutionMode != ConvolutionMode.Same && (pad[0] != 0 || pad[1] != 0))
        || n * (patch + 1) * positions > MAX_PATCH_VALUES
        || input.length() > MAX_PATCH_VALUES
        || weightGrad == null
        || !sameMemory(weightGrad, weightGradView)) { // a copy would not write the view
      return delegate.backpropGradient(
          input,
          weights,
          bias,
          delta,
          kernel,
          strides,
          pad,
          biasGradView,
          weightGradView,
          afn,
          mode,
          bwdFilterAlgo,
          bwdDataAlgo,
          convolutionMode,
          dilation,
          format,
          workspaceMgr);
    }
    INDArray dz = Shape.hasDefaultStridesForShape(delta) ? delta : delta.dup('c');
    // the patches of each image, and with a bias a row of ones under them: its column of the
    // product is the bias's gradient
    boolean withBias = bias != null && biasGradView != null;
    int rows = (int) (withBias ? patch + 1 : patch);
    int[] in = {(int) n, (int) channels, (int) input.size(2), (int) input.size(3)};
    int[] out = {(int) delta.size(2), (int) delta.size(3)};
    float[][] scratch = SCRATCH.get();
    float[] x = grown(scratch, 0, in[0] * in[1] * in[2] * in[3]);
    float[] cols = grown(scratch, 1, (int) (n * rows * positions));
    plain(input).data().asNioFloat().get(x, 0, in[0] * in[1] * in[2] * in[3]);
    patches(x, in, kernel, strides, pad, out, withBias, cols);
    INDArray patches =
        workspaceMgr.createUninitialized(
            ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[] {n, rows, positions}, 'c');
    patches.data().asNioFloat().put(cols, 0, (int) (n * rows * positions));
    INDArray perImage =
        workspaceMgr.createUninitialized(
            ArrayType.BP_WORKING_MEM, DataType.FLOAT, new long[] {n, outChannels, rows}, 'c');
    Nd4j.matmul(dz.reshape('c', n, outChannels, positions), patches, perImage, false, true, false);
    INDArray sum = perImage.sum(0);
    weightGrad.assign(sum.get(NDArrayIndex.all(), NDArrayIndex.interval(0, patch)));
    Gradient gradient = new DefaultGradient();
    if (withBias) {
      biasGradView
          .reshape(outChannels)
          .assign(sum.get(NDArrayIndex.all(), NDArrayIndex.point(patch)));
      gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
    }
    gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
    INDArray unread =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    return new Pair<>(gradient, unread);
  }

  /**
   * im2col: for each image {@code i}, row {@code (c, a, b)} of its patches holds input channel
   * {@code c} at kernel offset {@code (a, b)} for every output position (0 in the padding); with
   * {@code ones} a last row of ones follows. {@code out} is {@code [images][rows][positions]}.
   */
  static void patches(
      float[] x,
      int[] in,
      int[] kernel,
      int[] strides,
      int[] pad,
      int[] outSize,
      boolean ones,
      float[] out) {
    int images = in[0];
    int channels = in[1];
    int height = in[2];
    int width = in[3];
    int outH = outSize[0];
    int outW = outSize[1];
    int positions = outH * outW;
    int rows = channels * kernel[0] * kernel[1] + (ones ? 1 : 0);
    JavaThreads.parallel(
        images,
        i -> {
          int row = i * rows * positions;
          for (int c = 0; c < channels; c++) {
            int plane = (i * channels + c) * height * width;
            for (int a = 0; a < kernel[0]; a++) {
              for (int b = 0; b < kernel[1]; b++, row += positions) {
                for (int oh = 0; oh < outH; oh++) {
                  int ih = oh * strides[0] - pad[0] + a;
                  int to = row + oh * outW;
                  if (ih < 0 || ih >= height) {
                    Arrays.fill(out, to, to + outW, 0f);
                    continue;
                  }
                  int from = plane + ih * width;
                  for (int ow = 0; ow < outW; ow++) {
                    int iw = ow * strides[1] - pad[1] + b;
                    out[to + ow] = iw >= 0 && iw < width ? x[from + iw] : 0f;
                  }
                }
              }
            }
          }
          if (ones) {
            Arrays.fill(out, row, row + positions, 1f);
          }
        });
  }

  private static float[] grown(float[][] scratch, int which, int length) {
    if (scratch[which].length < length) {
      scratch[which] = new float[length];
    }
    return scratch[which];
  }

  private static INDArray plain(INDArray array) {
    return array.offset() == 0 && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
        ? array
        : array.dup('c');
  }

  /** Whether {@code a} starts where {@code b} does (a reshaped view, not a copy). */
  private static boolean sameMemory(INDArray a, INDArray b) {
    return a.data().address() == b.data().address() && a.offset() == b.offset();
  }

  @Override
  public INDArray preOutput(
      INDArray input,
      INDArray weights,
      INDArray bias,
      int[] kernel,
      int[] strides,
      int[] pad,
      AlgoMode mode,
      FwdAlgo fwdAlgo,
      ConvolutionMode convolutionMode,
      int[] dilation,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    return delegate.preOutput(
        input,
        weights,
        bias,
        kernel,
        strides,
        pad,
        mode,
        fwdAlgo,
        convolutionMode,
        dilation,
        format,
        workspaceMgr);
  }

  @Override
  public INDArray activate(INDArray z, IActivation afn, boolean training) {
    return delegate.activate(z, afn, training);
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return delegate.helperMemoryUse();
  }

  @Override
  public boolean checkSupported() {
    return delegate.checkSupported();
  }
}
