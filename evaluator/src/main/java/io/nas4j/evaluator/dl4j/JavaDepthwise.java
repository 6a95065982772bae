package io.nas4j.evaluator.dl4j;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a depthwise convolution (the first half of a separable conv) in plain Java.
 *
 * <p>DL4J M2.1's depthwise layer runs its backward pass through libnd4j's {@code
 * depthwise_conv2d_bp} op after computing the forward pass a second time (for the activation's
 * derivative, even when the activation is the identity). In oneDNN that op has no fast kernel for
 * the weights' gradient in the layout libnd4j asks for: it falls back to a generic gemm
 * implementation ({@code x64:gemm:jit}, 63 ms a step for 128 x 64 x 24 x 24 with 5x5 kernels, where
 * the whole forward convolution takes 2.5 ms), and each of the three calls reorders its arrays
 * between NCHW and NHWC and back (docs/benchmarks.md, "Depthwise convolution's backward pass in
 * Java"). Here one pass over each channel's planes, on heap copies of the input and the incoming
 * gradient, gives both gradients: the input's ({@code dx[ih, iw] += w[a, b] dy[oh, ow]} at {@code
 * ih = oh s - p + a}, {@code iw = ow s - p + b}) and the weights' ({@code dw[a, b] = sum dy[oh, ow]
 * x[ih, iw]}), each kernel offset one long vectorised loop over the output positions (see {@link
 * #channel}). The channels, or parts of the batch when there are fewer channels than threads, are
 * spread over ND4J's threads ({@link JavaThreads}).
 *
 * <p>{@link #install} puts it in place of every runtime layer of a network that is exactly DL4J's
 * depthwise layer; only the runtime layer changes, so the configuration and every saved model are
 * DL4J's own. The forward pass and every case but float NCHW activations, identity activation, no
 * bias, depth multiplier 1, no dilation, no weight noise and no dropout stay with DL4J's code. A
 * chain's {@code getLayer(String)} still answers with DL4J's layer object, and {@code clone()}
 * builds DL4J's layers again (as with {@link LeanRelu}).
 *
 * <p>Threads: an instance serves one layer of one network, which one thread trains at a time; the
 * heap copies are per thread ({@link ThreadLocal}, kept for the thread's life).
 */
final class JavaDepthwise extends DepthwiseConvolution2DLayer {

  /**
   * Activations above this many values go to DL4J: the three copies this class makes live on the
   * Java heap (64 MiB each at this size).
   */
  static final long MAX_VALUES = 1 << 24;

  /** This thread's copies of the input, the incoming gradient and the input's gradient. */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

  /** Set when a backward pass ran here, for the tests. */
  private boolean ranInJava;

  private JavaDepthwise(DepthwiseConvolution2DLayer replaced) {
    super(replaced.conf(), replaced.getDataType());
    setIndex(replaced.getIndex());
    setListeners(replaced.getListeners());
    setParamTable(replaced.paramTable());
    setParamsViewArray(replaced.params());
    if (replaced.getGradientsViewArray() != null) {
      setBackpropGradientsViewArray(replaced.getGradientsViewArray());
    }
  }

  /** Replaces the depthwise layers of {@code model} and returns how many it replaced. */
  static int install(Model model) {
    return RuntimeLayers.replace(
        model,
        layer -> layer != null && layer.getClass() == DepthwiseConvolution2DLayer.class,
        layer -> new JavaDepthwise((DepthwiseConvolution2DLayer) layer));
  }

  /** Whether the last backward pass ran here rather than in DL4J's code. */
  boolean ranInJava() {
    return ranInJava;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    DepthwiseConvolution2D conf = (DepthwiseConvolution2D) layerConf();
    ranInJava = inJava(conf, input, epsilon);
    if (!ranInJava) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    INDArray weights = params.get(DepthwiseConvolutionParamInitializer.WEIGHT_KEY);
    Dims d = dims(conf, input, epsilon);
    float[][] scratch = scratch(d);
    float[] x = scratch[0];
    float[] dy = scratch[1];
    float[] dx = scratch[2];
    JavaBatchNorm.read(input, x, d.inputLength());
    JavaBatchNorm.read(epsilon, dy, d.outputLength());
    float[] w = weights.ravel().toFloatVector();
    // work items: each channel, over the whole batch or (fewer channels than threads, as in a
    // first layer over one-channel images) over parts of it; each item sums its own weight terms
    int kernel = d.kernelHeight * d.kernelWidth;
    int parts = Math.max(1, Nd4j.getEnvironment().maxThreads() / d.channels);
    float[] terms = new float[d.channels * parts * kernel];
    JavaThreads.parallel(
        d.channels * parts,
        item -> {
          int c = item / parts;
          int part = item % parts;
          channel(c, d.n * part / parts, d.n * (part + 1) / parts, d, x, dy, w, dx, terms, item);
        });
    float[] dw = new float[w.length];
    for (int item = 0; item < d.channels * parts; item++) {
      for (int k = 0; k < kernel; k++) {
        dw[k * d.channels + item / parts] += terms[item * kernel + k];
      }
    }
    INDArray epsAtInput =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
    epsAtInput.data().asNioFloat().put(dx, 0, d.inputLength());
    INDArray weightGradView = gradientViews.get(DepthwiseConvolutionParamInitializer.WEIGHT_KEY);
    weightGradView.assign(Nd4j.createFromArray(dw).reshape(weightGradView.shape()));
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(DepthwiseConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
    return new Pair<>(gradient, epsAtInput);
  }

  /** Whether this class computes the backward pass of {@code conf} for these arrays. */
  private static boolean inJava(DepthwiseConvolution2D conf, INDArray x, INDArray dy) {
    int[] dilation = conf.getDilation();
    ConvolutionMode mode = conf.getConvolutionMode();
    return x.rank() == 4
        && dy.rank() == 4
        && x.dataType() == DataType.FLOAT
        && dy.dataType() == DataType.FLOAT
        && x.length() <= MAX_VALUES
        && dy.length() <= MAX_VALUES
        && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && conf.getActivationFn() instanceof ActivationIdentity
        && !conf.hasBias()
        && conf.getDepthMultiplier() == 1
        && dilation[0] == 1
        && dilation[1] == 1
        && conf.getWeightNoise() == null
        && conf.getIDropout() == null
        && (mode == ConvolutionMode.Same
            || mode == ConvolutionMode.Truncate
            || mode == ConvolutionMode.Strict);
  }

  /** The sizes of one backward pass. */
  private record Dims(
      int n,
      int channels,
      int height,
      int width,
      int outHeight,
      int outWidth,
      int kernelHeight,
      int kernelWidth,
      int strideHeight,
      int strideWidth,
      int padTop,
      int padLeft) {

    int inputLength() {
      return n * channels * height * width;
    }

    int outputLength() {
      return n * channels * outHeight * outWidth;
    }
  }

  private static Dims dims(DepthwiseConvolution2D conf, INDArray x, INDArray dy) {
    int[] kernel = conf.getKernelSize();
    int[] stride = conf.getStride();
    int height = (int) x.size(2);
    int width = (int) x.size(3);
    int outHeight = (int) dy.size(2);
    int outWidth = (int) dy.size(3);
    int[] pad =
        conf.getConvolutionMode() == ConvolutionMode.Same
            ? ConvolutionUtils.getSameModeTopLeftPadding(
                new int[] {outHeight, outWidth},
                new int[] {height, width},
                kernel,
                stride,
                new int[] {1, 1})
            : conf.getPadding();
    return new Dims(
        (int) x.size(0),
        (int) x.size(1),
        height,
        width,
        outHeight,
        outWidth,
        kernel[0],
        kernel[1],
        stride[0],
        stride[1],
        pad[0],
        pad[1]);
  }

  private static float[][] scratch(Dims d) {
    float[][] scratch = SCRATCH.get();
    int[] lengths = {d.inputLength(), d.outputLength(), d.inputLength()};
    for (int i = 0; i < lengths.length; i++) {
      if (scratch[i].length < lengths[i]) {
        scratch[i] = new float[lengths[i]];
      }
    }
    return scratch;
  }

  /**
   * Both gradients of channel {@code c} over images {@code fromImage..toImage-1}: its planes of
   * {@code dx} (written whole) and the sums of its weights' gradient terms over these images into
   * {@code terms[item * kernel ..]}. Weights are laid out {@code [kh, kw, channels]}.
   *
   * <p>Each input plane is zero-padded and split into {@code sh x sw} phase planes ({@code phase(r,
   * t)[i, j] = padded[i sh + r, j sw + t]}), all {@code ph x pw}: kernel offset {@code (a, b)} then
   * reads phase {@code (a mod sh, b mod sw)} at {@code (oh + a / sh, ow + b / sw)}, and with the
   * incoming gradient laid out in rows of {@code pw} too (zeros past the output's width) every
   * offset is one long contiguous loop over the output positions, which the JIT vectorises (rows of
   * 20 or so values are too short for that).
   */
  private static void channel(
      int c,
      int fromImage,
      int toImage,
      Dims d,
      float[] x,
      float[] dy,
      float[] w,
      float[] dx,
      float[] terms,
      int item) {
    int sh = d.strideHeight;
    int sw = d.strideWidth;
    int paddedHeight = Math.max(d.height + d.padTop, (d.outHeight - 1) * sh + d.kernelHeight);
    int paddedWidth = Math.max(d.width + d.padLeft, (d.outWidth - 1) * sw + d.kernelWidth);
    int ph = ceilDiv(paddedHeight, sh);
    int pw = ceilDiv(paddedWidth, sw);
    int phase = ph * pw;
    int kernel = d.kernelHeight * d.kernelWidth;
    int positions = (d.outHeight - 1) * pw + d.outWidth; // the last row stops at the output's width
    float[] xPhases = new float[sh * sw * phase];
    float[] dxPhases = new float[sh * sw * phase];
    float[] g = new float[d.outHeight * pw];
    float[][] acc = new float[kernel][positions];
    float[] window = new float[positions];
    int[] offsets = new int[kernel];
    for (int a = 0; a < d.kernelHeight; a++) {
      for (int b = 0; b < d.kernelWidth; b++) {
        offsets[a * d.kernelWidth + b] = ((a % sh) * sw + b % sw) * phase + (a / sh) * pw + b / sw;
      }
    }
    int inPlane = d.height * d.width;
    int outPlane = d.outHeight * d.outWidth;
    for (int n = fromImage; n < toImage; n++) {
      int xPlane = (n * d.channels + c) * inPlane;
      int yPlane = (n * d.channels + c) * outPlane;
      for (int ih = 0; ih < d.height; ih++) {
        phaseRow(d, ih, sh, sw, phase, pw, x, xPlane + ih * d.width, xPhases, true);
      }
      for (int oh = 0; oh < d.outHeight; oh++) {
        System.arraycopy(dy, yPlane + oh * d.outWidth, g, oh * pw, d.outWidth);
      }
      Arrays.fill(dxPhases, 0f);
      for (int k = 0; k < kernel; k++) {
        // through a window at offset 0: Java 17's JIT does not vectorise a loop that indexes an
        // array at a varying offset (2.5-3x slower measured)
        System.arraycopy(xPhases, offsets[k], window, 0, positions);
        accumulate(acc[k], g, window, positions);
        System.arraycopy(dxPhases, offsets[k], window, 0, positions);
        scatter(window, g, w[k * d.channels + c], positions);
        System.arraycopy(window, 0, dxPhases, offsets[k], positions);
      }
      for (int ih = 0; ih < d.height; ih++) {
        phaseRow(d, ih, sh, sw, phase, pw, dx, xPlane + ih * d.width, dxPhases, false);
      }
    }
    for (int k = 0; k < kernel; k++) {
      double sum = 0;
      for (float term : acc[k]) {
        sum += term;
      }
      terms[item * kernel + k] = (float) sum;
    }
  }

  /**
   * Copies input row {@code ih} (at {@code row} of {@code plane}) into its place in the phase
   * planes ({@code toPhases}), or back from there.
   */
  private static void phaseRow(
      Dims d,
      int ih,
      int sh,
      int sw,
      int phase,
      int pw,
      float[] plane,
      int row,
      float[] phases,
      boolean toPhases) {
    int i = ih + d.padTop;
    int rowStart = (i % sh) * sw * phase + (i / sh) * pw;
    for (int t = 0; t < sw; t++) {
      // the first input column iw with (iw + padLeft) mod sw == t, and its column in phase t
      int iw = Math.floorMod(t - d.padLeft, sw);
      int at = rowStart + t * phase + (iw + d.padLeft) / sw;
      if (sw == 1) {
        if (toPhases) {
          System.arraycopy(plane, row, phases, at, d.width);
        } else {
          System.arraycopy(phases, at, plane, row, d.width);
        }
        return;
      }
      for (; iw < d.width; iw += sw, at++) {
        if (toPhases) {
          phases[at] = plane[row + iw];
        } else {
          plane[row + iw] = phases[at];
        }
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** {@code acc[q] += g[q] x[q]}: the weight gradient's terms of one kernel offset. */
  private static void accumulate(float[] acc, float[] g, float[] x, int count) {
    for (int q = 0; q < count; q++) {
      acc[q] += g[q] * x[q];
    }
  }

  /** {@code dx[q] += weight g[q]}: the input gradient's terms of one kernel offset. */
  private static void scatter(float[] dx, float[] g, float weight, int count) {
    for (int q = 0; q < count; q++) {
      dx[q] += weight * g[q];
    }
  }
}
