package io.nas4j.evaluator.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization's batch statistics and backward pass over channels of 4-d NCHW activations,
 * in plain Java.
 *
 * <p>DL4J M2.1 computes both through libnd4j: the training forward pass takes the batch variance
 * with a summary-statistics op over tensors along dimensions that, with the mean, took a fifth of a
 * training step of a net with four batch norms, and the backward pass runs libnd4j's {@code
 * batchnorm_bp} op, which spends about three quarters of its time outside oneDNN; passes over heap
 * copies of the arrays take a fraction of that (the measurements are in docs/benchmarks.md, "Batch
 * norm's backward pass in Java" and "Batch norm's batch statistics in Java"). {@link #install}
 * wraps the oneDNN helper of each batch-norm layer. In training, the mean and biased variance of
 * the batch are computed here and handed to the helper's oneDNN normalization as given statistics
 * (its inference path: the same op the helper's training path runs after computing them itself);
 * the layer reads them back through {@link #getMeanCache} and {@link #getVarCache} to update its
 * running statistics and for the backward pass. Every case but float NCHW activations stays with
 * the helper, so the configuration and the saved models are DL4J's own. DL4J hands batch norm after
 * a dense layer over as {@code [n, c, 1, 1]}, so that runs here too.
 *
 * <p>The gradient, per channel with {@code m} values, batch mean {@code mu}, biased batch variance
 * {@code var}, {@code s = 1 / sqrt(var + eps)} and {@code xhat = (x - mu) s}: {@code dbeta =
 * sum(dy)}, {@code dgamma = sum(dy xhat)}, {@code dx = gamma s (dy - dbeta / m - xhat dgamma / m)}.
 *
 * <p>Should this code throw, DL4J (with its default {@code cudnnAllowFallback}) logs a warning and
 * uses its own code for that layer from then on: slower, not wrong.
 *
 * <p>Threads: an instance serves one layer of one network, which one thread trains at a time. The
 * copies of the arrays are per thread ({@link ThreadLocal}, kept for the thread's life); the
 * channels are spread over ND4J's thread count ({@link JavaThreads}).
 */
final class JavaBatchNorm implements BatchNormalizationHelper {

  private static final HelperSlot<MKLDNNBatchNormHelper> SLOT =
      new HelperSlot<>(BatchNormalization.class, MKLDNNBatchNormHelper.class);

  /**
   * Activations above this many values go to the delegate: the two copies this class makes live on
   * the Java heap (64 MiB each at this size).
   */
  static final long MAX_VALUES = 1 << 24;

  /** This thread's copies of the input and of the gradient, grown as needed. */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

  private final BatchNormalizationHelper delegate;

  /**
   * The batch mean and variance this class computes (one-dimensional, outside workspaces, reused
   * from batch to batch), or null before the first.
   */
  private INDArray[] buffers;

  /** Whether the last training forward pass took its statistics from {@link #buffers}. */
  private boolean javaStatistics;

  JavaBatchNorm(BatchNormalizationHelper delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps the oneDNN helper of every batch-norm layer of {@code model} (layers without one, or with
   * another backend's helper, are left as they are) and returns how many it wrapped.
   */
  static int install(Model model) {
    return SLOT.wrapAll(model, JavaBatchNorm::new);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray input,
      INDArray epsilon,
      long[] shape,
      INDArray gamma,
      INDArray beta,
      INDArray dGammaView,
      INDArray dBetaView,
      double eps,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    INDArray mean = getMeanCache(DataType.FLOAT);
    INDArray var = getVarCache(DataType.FLOAT);
    if (!inJava(input, format)
        || epsilon.dataType() != DataType.FLOAT
        || mean == null
        || var == null
        || gamma == null // DL4J passes gamma and both views whenever it uses a helper
        || dGammaView == null) {
      return delegate.backpropGradient(
          input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
    }
    int n = (int) input.size(0);
    int channels = (int) input.size(1);
    int plane = (int) (input.size(2) * input.size(3));
    int length = n * channels * plane;
    float[] x = scratch(0, length);
    float[] dy = scratch(1, length);
    read(input, x, length);
    read(epsilon, dy, length);
    float[] mu = mean.toFloatVector();
    float[] variance = var.toFloatVector();
    float[] scale = gamma.toFloatVector();
    double[] sumDy = new double[channels];
    double[] sumDyX = new double[channels];
    JavaThreads.parallel(channels, c -> sums(c, n, channels, plane, mu[c], x, dy, sumDy, sumDyX));
    float[] dGamma = new float[channels];
    float[] dBeta = new float[channels];
    float[] a = new float[channels];
    float[] b = new float[channels];
    float[] k = new float[channels];
    double count = (double) n * plane;
    for (int c = 0; c < channels; c++) {
      double s = 1 / Math.sqrt(variance[c] + eps);
      double g = scale[c];
      double dg = sumDyX[c] * s;
      dBeta[c] = (float) sumDy[c];
      dGamma[c] = (float) dg;
      a[c] = (float) (g * s);
      b[c] = (float) (g * s * s * dg / count);
      k[c] = (float) (g * s * sumDy[c] / count);
    }
    // dx = a dy - b (x - mu) - k, the per-channel constants folded as above
    JavaThreads.parallel(
        channels, c -> gradient(c, n, channels, plane, a[c], b[c], k[c], mu[c], x, dy));
    INDArray epsAtInput =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
    epsAtInput.data().asNioFloat().put(dy, 0, length); // dy now holds dx
    assign(dGammaView, dGamma);
    assign(dBetaView, dBeta);
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(gradient, epsAtInput);
  }

  /**
   * Whether this class handles {@code x}: float NCHW activations of at most {@link #MAX_VALUES}.
   */
  private static boolean inJava(INDArray x, CNN2DFormat format) {
    return x.rank() == 4
        && format == CNN2DFormat.NCHW
        && x.dataType() == DataType.FLOAT
        && x.length() <= MAX_VALUES;
  }

  /**
   * The batch mean and biased variance of each channel of {@code input} into {@link #buffers} (two
   * passes per channel: the mean, then the squared deviations from it).
   */
  private INDArray[] batchStatistics(INDArray input) {
    int n = (int) input.size(0);
    int channels = (int) input.size(1);
    int plane = (int) (input.size(2) * input.size(3));
    int length = n * channels * plane;
    float[] x = scratch(0, length);
    read(input, x, length);
    float[] mu = new float[channels];
    float[] variance = new float[channels];
    JavaThreads.parallel(channels, c -> moments(c, n, channels, plane, x, mu, variance));
    if (buffers == null || buffers[0].length() != channels) {
      try (var outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        buffers =
            new INDArray[] {
              Nd4j.createUninitialized(DataType.FLOAT, channels),
              Nd4j.createUninitialized(DataType.FLOAT, channels)
            };
      }
    }
    buffers[0].data().asNioFloat().put(mu, 0, channels);
    buffers[1].data().asNioFloat().put(variance, 0, channels);
    return buffers;
  }

  private static void moments(
      int c, int n, int channels, int plane, float[] x, float[] mu, float[] variance) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      int from = (i * channels + c) * plane;
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int j = from;
      int to = from + plane;
      for (; j + 3 < to; j += 4) {
        s0 += x[j];
        s1 += x[j + 1];
        s2 += x[j + 2];
        s3 += x[j + 3];
      }
      for (; j < to; j++) {
        s0 += x[j];
      }
      total += (s0 + s1) + (s2 + s3);
    }
    double count = (double) n * plane;
    float m = (float) (total / count);
    double squares = 0;
    for (int i = 0; i < n; i++) {
      int from = (i * channels + c) * plane;
      float q0 = 0, q1 = 0, q2 = 0, q3 = 0;
      int j = from;
      int to = from + plane;
      for (; j + 3 < to; j += 4) {
        float d0 = x[j] - m, d1 = x[j + 1] - m, d2 = x[j + 2] - m, d3 = x[j + 3] - m;
        q0 += d0 * d0;
        q1 += d1 * d1;
        q2 += d2 * d2;
        q3 += d3 * d3;
      }
      for (; j < to; j++) {
        float d = x[j] - m;
        q0 += d * d;
      }
      squares += (q0 + q1) + (q2 + q3);
    }
    mu[c] = m;
    variance[c] = (float) (squares / count);
  }

  /** This thread's scratch array {@code which} (0 or 1), grown to at least {@code length}. */
  private static float[] scratch(int which, int length) {
    float[][] scratch = SCRATCH.get();
    if (scratch[which].length < length) {
      scratch[which] = new float[length];
    }
    return scratch[which];
  }

  private static void sums(
      int c,
      int n,
      int channels,
      int plane,
      float mu,
      float[] x,
      float[] dy,
      double[] sumDy,
      double[] sumDyX) {
    double total = 0;
    double totalX = 0;
    for (int i = 0; i < n; i++) {
      int from = (i * channels + c) * plane;
      // four partial sums each, so the loop does not wait on one addition chain
      float d0 = 0, d1 = 0, d2 = 0, d3 = 0, x0 = 0, x1 = 0, x2 = 0, x3 = 0;
      int j = from;
      int to = from + plane;
      for (; j + 3 < to; j += 4) {
        d0 += dy[j];
        d1 += dy[j + 1];
        d2 += dy[j + 2];
        d3 += dy[j + 3];
        x0 += dy[j] * (x[j] - mu);
        x1 += dy[j + 1] * (x[j + 1] - mu);
        x2 += dy[j + 2] * (x[j + 2] - mu);
        x3 += dy[j + 3] * (x[j + 3] - mu);
      }
      for (; j < to; j++) {
        d0 += dy[j];
        x0 += dy[j] * (x[j] - mu);
      }
      total += (d0 + d1) + (d2 + d3);
      totalX += (x0 + x1) + (x2 + x3);
    }
    sumDy[c] = total;
    sumDyX[c] = totalX;
  }

  /** Overwrites channel {@code c} of {@code dy} with the gradient at the input. */
  private static void gradient(
      int c,
      int n,
      int channels,
      int plane,
      float a,
      float b,
      float k,
      float mu,
      float[] x,
      float[] dy) {
    for (int i = 0; i < n; i++) {
      int from = (i * channels + c) * plane;
      for (int j = from; j < from + plane; j++) {
        dy[j] = a * dy[j] - b * (x[j] - mu) - k;
      }
    }
  }

  /** Copies a float array's values, in C order, into {@code to}. */
  /** The first {@code length} values of {@code array} in C order into {@code to}. */
  static void read(INDArray array, float[] to, int length) {
    INDArray plain =
        array.offset() == 0 && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
            ? array
            : array.dup('c');
    plain.data().asNioFloat().get(to, 0, length);
  }

  private static void assign(INDArray view, float[] values) {
    view.assign(Nd4j.createFromArray(values).reshape(view.shape()));
  }

  @Override
  public boolean checkSupported(double eps, boolean fixedGammaBeta) {
    return delegate.checkSupported(eps, fixedGammaBeta);
  }

  @Override
  public INDArray preOutput(
      INDArray x,
      boolean training,
      long[] shape,
      INDArray gamma,
      INDArray beta,
      INDArray mean,
      INDArray var,
      double decay,
      double eps,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (!training) {
      // inference leaves the statistics of the last training pass for its backward pass
      return delegate.preOutput(
          x, false, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
    }
    javaStatistics = false;
    if (!inJava(x, format)) {
      return delegate.preOutput(
          x, true, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
    }
    INDArray[] batch = batchStatistics(x);
    // the helper normalizes with given statistics on its inference path
    INDArray out =
        delegate.preOutput(
            x, false, shape, gamma, beta, batch[0], batch[1], decay, eps, format, workspaceMgr);
    javaStatistics = out != null; // null: the layer falls back to its own code
    return out;
  }

  @Override
  public INDArray getMeanCache(DataType dataType) {
    return javaStatistics ? buffers[0] : delegate.getMeanCache(dataType);
  }

  @Override
  public INDArray getVarCache(DataType dataType) {
    return javaStatistics ? buffers[1] : delegate.getVarCache(dataType);
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
