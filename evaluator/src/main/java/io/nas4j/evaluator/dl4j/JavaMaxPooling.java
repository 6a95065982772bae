package io.nas4j.evaluator.dl4j;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling of float NCHW activations, forward and backward, in plain Java.
 *
 * <p>For DL4J's NCHW layout oneDNN runs its reference pooling loop, and its backward pass runs the
 * forward again to find the maxima: on a 2-core AMD EPYC without AVX-512 the two took 42% of a
 * training step of a net with two 2x2 poolings (docs/benchmarks.md, "Against PyTorch on the AMD
 * EPYC VM without AVX-512: pooling"). {@link #install} wraps the oneDNN helper of each subsampling
 * layer; max pooling of float NCHW activations with dilation 1, in the {@code Same} or {@code
 * Truncate} mode, runs here, every other case stays with the helper, so the configuration and the
 * saved models are DL4J's own.
 *
 * <p>Each output is the largest value of its window (positions outside the input, the padding, are
 * skipped; the first of equal values counts, in row order); the backward pass finds it again and
 * adds the output's gradient there. The loops select indices ({@code x[j] > x[best] ? j : best}),
 * which the JIT compiles to conditional moves: a branch on each comparison, mispredicted about half
 * the time on random values, made a 2x2 forward pass 2.5x slower. Planes (image x channel) are
 * spread over ND4J's thread count ({@link JavaThreads}); the copies of the arrays are per thread,
 * as in {@link JavaBatchNorm}. Should this code throw, DL4J logs a warning and uses its own code
 * for that layer from then on.
 */
final class JavaMaxPooling implements SubsamplingHelper {

  private static final HelperSlot<MKLDNNSubsamplingHelper> SLOT =
      new HelperSlot<>(SubsamplingLayer.class, MKLDNNSubsamplingHelper.class);

  /** Activations above this many values go to the delegate (the copies live on the Java heap). */
  static final long MAX_VALUES = 1 << 24;

  /** This thread's copies of the input and of the gradient, grown as needed. */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

  private final SubsamplingHelper delegate;

  JavaMaxPooling(SubsamplingHelper delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps the oneDNN helper of every subsampling layer of {@code model} (layers without one are
   * left as they are) and returns how many it wrapped.
   */
  static int install(Model model) {
    return SLOT.wrapAll(model, JavaMaxPooling::new);
  }

  /** The sizes of one pooling: input and output planes, window, stride and top-left padding. */
  private record Geometry(
      int n, int channels, int inH, int inW, int outH, int outW, int[] k, int[] s, int[] pad) {

    int planes() {
      return n * channels;
    }

    int inputLength() {
      return planes() * inH * inW;
    }

    int outputLength() {
      return planes() * outH * outW;
    }

    /**
     * The index in the input of the largest value of output {@code (plane, oh, ow)}'s window, or -1
     * when the window holds no input position.
     */
    int argmax(float[] x, int plane, int oh, int ow) {
      int rowFrom = Math.max(0, oh * s[0] - pad[0]);
      int rowTo = Math.min(inH, oh * s[0] - pad[0] + k[0]);
      int colFrom = Math.max(0, ow * s[1] - pad[1]);
      int colTo = Math.min(inW, ow * s[1] - pad[1] + k[1]);
      if (rowFrom >= rowTo || colFrom >= colTo) {
        return -1;
      }
      int base = plane * inH * inW;
      int best = base + rowFrom * inW + colFrom;
      for (int r = rowFrom; r < rowTo; r++) {
        int row = base + r * inW;
        for (int c = colFrom; c < colTo; c++) {
          best = x[row + c] > x[best] ? row + c : best;
        }
      }
      return best;
    }

    /** The first output column whose window lies inside the input's columns. */
    int firstInsideColumn() {
      return Math.min(outW, (pad[1] + s[1] - 1) / s[1]);
    }

    /**
     * One past the last output column whose window lies inside the input's columns (at least {@link
     * #firstInsideColumn}): between the two {@link #largestInside} needs no bounds.
     */
    int endOfInsideColumns() {
      int end = inW + pad[1] < k[1] ? 0 : Math.min(outW, (inW + pad[1] - k[1]) / s[1] + 1);
      return Math.max(firstInsideColumn(), end);
    }

    /** Whether the window of output row {@code oh} lies inside the input's rows. */
    boolean rowInside(int oh) {
      int top = oh * s[0] - pad[0];
      return top >= 0 && top + k[0] <= inH;
    }

    /**
     * The index of the first largest value of the window whose top-left input position is {@code
     * start}, the window lying inside the input: as {@link #argmax} (NaN aside), without its
     * bounds, each row on its own (so that the rows' comparisons can overlap), the first row's
     * largest kept unless a later row's is larger.
     */
    int largestInside(float[] x, int start) {
      int best = largestInRow(x, start);
      for (int r = 1; r < k[0]; r++) {
        int i = largestInRow(x, start + r * inW);
        best = x[i] > x[best] ? i : best;
      }
      return best;
    }

    /** The index of the first largest of the window's {@code k[1]} values from {@code start}. */
    private int largestInRow(float[] x, int start) {
      int best = start;
      for (int c = 1; c < k[1]; c++) {
        best = x[start + c] > x[best] ? start + c : best;
      }
      return best;
    }

    /**
     * Calls {@code each} with the output index and the input index of the largest value of every
     * window of {@code plane}: windows inside the input through {@link #largestInside}, the others
     * (at the padding or past the edges) through {@link #argmax}.
     */
    void forEachLargest(float[] x, int plane, WindowConsumer each) {
      int insideFrom = firstInsideColumn();
      int insideTo = endOfInsideColumns();
      int in = plane * inH * inW;
      int out = plane * outH * outW;
      for (int oh = 0; oh < outH; oh++, out += outW) {
        boolean rowInside = rowInside(oh);
        int from = rowInside ? insideFrom : outW;
        int to = rowInside ? insideTo : outW;
        int start = in + (oh * s[0] - pad[0]) * inW - pad[1];
        for (int ow = 0; ow < from; ow++) {
          each.accept(out + ow, argmax(x, plane, oh, ow));
        }
        for (int ow = from; ow < to; ow++) {
          each.accept(out + ow, largestInside(x, start + ow * s[1]));
        }
        for (int ow = to; ow < outW; ow++) {
          each.accept(out + ow, argmax(x, plane, oh, ow));
        }
      }
    }
  }

  /** Receives an output index and the input index its value comes from. */
  @FunctionalInterface
  private interface WindowConsumer {
    void accept(int output, int input);
  }

  /** The geometry when this class handles the call, else null. */
  private static Geometry geometry(
      INDArray input,
      int[] kernel,
      int[] strides,
      int[] pad,
      PoolingType type,
      ConvolutionMode mode,
      int[] dilation,
      CNN2DFormat format) {
    if (type != PoolingType.MAX
        || format != CNN2DFormat.NCHW
        || input.rank() != 4
        || input.dataType() != DataType.FLOAT
        || input.length() > MAX_VALUES
        || (mode != ConvolutionMode.Same && mode != ConvolutionMode.Truncate)
        || dilation[0] != 1
        || dilation[1] != 1
        || pad[0] < 0
        || pad[1] < 0
        || pad[0] >= kernel[0]
        || pad[1] >= kernel[1]) {
      return null;
    }
    int[] out = outputSize(input, kernel, strides, pad, mode);
    if (out[0] < 1 || out[1] < 1) {
      return null;
    }
    return new Geometry(
        (int) input.size(0),
        (int) input.size(1),
        (int) input.size(2),
        (int) input.size(3),
        out[0],
        out[1],
        kernel.clone(),
        strides.clone(),
        pad.clone());
  }

  @Override
  public INDArray activate(
      INDArray input,
      boolean training,
      int[] kernel,
      int[] strides,
      int[] pad,
      PoolingType type,
      ConvolutionMode mode,
      int[] dilation,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray output =
        forward(input, kernel, strides, pad, type, mode, dilation, format, workspaceMgr);
    return output != null
        ? output
        : delegate.activate(
            input, training, kernel, strides, pad, type, mode, dilation, format, workspaceMgr);
  }

  /**
   * The pooled activations in the layer's activations workspace, or null when this class does not
   * handle the call (see the class comment). DL4J M2.1's subsampling layer never asks its helper
   * for the forward pass: {@link JavaPoolingLayer} does, through this method.
   */
  INDArray forward(
      INDArray input,
      int[] kernel,
      int[] strides,
      int[] pad,
      PoolingType type,
      ConvolutionMode mode,
      int[] dilation,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    Geometry g = geometry(input, kernel, strides, pad, type, mode, dilation, format);
    if (g == null) {
      return null;
    }
    float[] x = scratch(0, g.inputLength());
    float[] y = scratch(2, g.outputLength());
    JavaBatchNorm.read(input, x, g.inputLength());
    JavaThreads.parallel(g.planes(), p -> g.forEachLargest(x, p, (o, i) -> y[o] = x[i]));
    INDArray output =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATIONS,
            DataType.FLOAT,
            new long[] {g.n(), g.channels(), g.outH(), g.outW()},
            'c');
    output.data().asNioFloat().put(y, 0, g.outputLength());
    return output;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray input,
      INDArray epsilon,
      int[] kernel,
      int[] strides,
      int[] pad,
      PoolingType type,
      ConvolutionMode mode,
      int[] dilation,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    Geometry g = geometry(input, kernel, strides, pad, type, mode, dilation, format);
    if (g == null
        || epsilon.dataType() != DataType.FLOAT
        || !Arrays.equals(epsilon.shape(), new long[] {g.n(), g.channels(), g.outH(), g.outW()})) {
      return delegate.backpropGradient(
          input, epsilon, kernel, strides, pad, type, mode, dilation, format, workspaceMgr);
    }
    float[] x = scratch(0, g.inputLength());
    float[] dy = scratch(2, g.outputLength());
    float[] dx = scratch(1, g.inputLength());
    JavaBatchNorm.read(input, x, g.inputLength());
    JavaBatchNorm.read(epsilon, dy, g.outputLength());
    int inPlane = g.inH() * g.inW();
    JavaThreads.parallel(
        g.planes(),
        p -> {
          Arrays.fill(dx, p * inPlane, (p + 1) * inPlane, 0f);
          g.forEachLargest(x, p, (o, i) -> dx[i] += dy[o]);
        });
    INDArray epsAtInput =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
    epsAtInput.data().asNioFloat().put(dx, 0, g.inputLength());
    return new Pair<>(new DefaultGradient(), epsAtInput);
  }

  /**
   * The output's height and width as DL4J computes them: {@code ceil(in / stride)} in the {@code
   * Same} mode, {@code (in + 2 pad - kernel) / stride + 1} otherwise.
   */
  private static int[] outputSize(
      INDArray input, int[] kernel, int[] strides, int[] pad, ConvolutionMode mode) {
    int[] out = new int[2];
    for (int d = 0; d < 2; d++) {
      int in = (int) input.size(2 + d);
      out[d] =
          mode == ConvolutionMode.Same
              ? (in + strides[d] - 1) / strides[d]
              : (in + 2 * pad[d] - kernel[d]) / strides[d] + 1;
    }
    return out;
  }

  /** This thread's scratch array {@code which}, grown to at least {@code length}. */
  private static float[] scratch(int which, int length) {
    float[][] scratch = SCRATCH.get();
    if (scratch[which].length < length) {
      scratch[which] = new float[length];
    }
    return scratch[which];
  }

  @Override
  public boolean checkSupported() {
    return delegate.checkSupported();
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return delegate.helperMemoryUse();
  }
}
