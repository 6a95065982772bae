package io.nas4j.evaluator.dl4j;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of batch normalization over channels of 4-d NCHW activations, in plain Java.
 *
 * <p>DL4J M2.1 runs it through libnd4j's {@code batchnorm_bp} op, which spends about three quarters
 * of its time outside oneDNN; two passes over copies of the arrays take about a third as long (the
 * measurements are in docs/benchmarks.md, "Batch norm's backward pass in Java"). {@link #install}
 * wraps the oneDNN helper of each batch-norm layer: the forward pass, the batch statistics it keeps
 * and every case but float NCHW activations stay with it, so the running statistics, the saved
 * models and the configuration are DL4J's own. DL4J hands batch norm after a dense layer over as
 * {@code [n, c, 1, 1]}, so that runs here too.
 *
 * <p>The gradient, per channel with {@code m} values, batch mean {@code mu}, biased batch variance
 * {@code var}, {@code s = 1 / sqrt(var + eps)} and {@code xhat = (x - mu) s}: {@code dbeta =
 * sum(dy)}, {@code dgamma = sum(dy xhat)}, {@code dx = gamma s (dy - dbeta / m - xhat dgamma / m)}.
 *
 * <p>Should this code throw, DL4J (with its default {@code cudnnAllowFallback}) logs a warning and
 * uses its own backward pass for that layer from then on: slower, not wrong.
 *
 * <p>Threads: an instance serves one layer of one network, which one thread trains at a time. The
 * copies of the arrays are per thread ({@link ThreadLocal}, kept for the thread's life); the pool
 * that spreads the channels over ND4J's thread count is shared by all networks.
 */
final class BatchNormBackprop implements BatchNormalizationHelper {

  private static final Field HELPER = helperField();

  /**
   * Activations above this many values go to the delegate: the two copies this class makes live on
   * the Java heap (64 MiB each at this size).
   */
  static final long MAX_VALUES = 1 << 24;

  /** This thread's copies of the input and of the gradient, grown as needed. */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

  /** Workers for the channels when ND4J runs more than one thread; the caller works too. */
  private static final ForkJoinPool POOL =
      new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

  private final BatchNormalizationHelper delegate;

  BatchNormBackprop(BatchNormalizationHelper delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps the oneDNN helper of every batch-norm layer of {@code model} (layers without one, or with
   * another backend's helper, are left as they are) and returns how many it wrapped.
   */
  static int install(Model model) {
    Layer[] layers =
        model instanceof MultiLayerNetwork chain
            ? chain.getLayers()
            : ((ComputationGraph) model).getLayers();
    int wrapped = 0;
    for (Layer layer : layers) {
      if (layer instanceof BatchNormalization batchNorm && HELPER != null) {
        try {
          if (HELPER.get(batchNorm) instanceof MKLDNNBatchNormHelper helper) {
            HELPER.set(batchNorm, new BatchNormBackprop(helper));
            wrapped++;
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("setAccessible succeeded, yet: " + e, e);
        }
      }
    }
    return wrapped;
  }

  private static Field helperField() {
    try {
      Field field = BatchNormalization.class.getDeclaredField("helper");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // another DL4J version: its own backward pass stays
    }
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
    INDArray mean = delegate.getMeanCache(DataType.FLOAT);
    INDArray var = delegate.getVarCache(DataType.FLOAT);
    if (input.rank() != 4
        || format != CNN2DFormat.NCHW
        || input.dataType() != DataType.FLOAT
        || epsilon.dataType() != DataType.FLOAT
        || mean == null
        || var == null
        || gamma == null // DL4J passes gamma and both views whenever it uses a helper
        || dGammaView == null
        || input.length() > MAX_VALUES) {
      return delegate.backpropGradient(
          input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
    }
    int n = (int) input.size(0);
    int channels = (int) input.size(1);
    int plane = (int) (input.size(2) * input.size(3));
    int length = n * channels * plane;
    float[][] scratch = SCRATCH.get();
    if (scratch[0].length < length) {
      scratch[0] = new float[length];
      scratch[1] = new float[length];
    }
    float[] x = scratch[0];
    float[] dy = scratch[1];
    read(input, x, length);
    read(epsilon, dy, length);
    float[] mu = mean.toFloatVector();
    float[] variance = var.toFloatVector();
    float[] scale = gamma.toFloatVector();
    double[] sumDy = new double[channels];
    double[] sumDyX = new double[channels];
    parallel(channels, c -> sums(c, n, channels, plane, mu[c], x, dy, sumDy, sumDyX));
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
    parallel(channels, c -> gradient(c, n, channels, plane, a[c], b[c], k[c], mu[c], x, dy));
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
  private static void read(INDArray array, float[] to, int length) {
    INDArray plain =
        array.offset() == 0 && array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
            ? array
            : array.dup('c');
    plain.data().asNioFloat().get(to, 0, length);
  }

  private static void assign(INDArray view, float[] values) {
    view.assign(Nd4j.createFromArray(values).reshape(view.shape()));
  }

  /**
   * Runs {@code body} for each channel: on this thread alone when ND4J runs one thread, else in as
   * many chunks as ND4J's threads, this thread doing the first.
   */
  private static void parallel(int channels, IntConsumer body) {
    int chunks = Math.min(channels, Nd4j.getEnvironment().maxThreads());
    ForkJoinTask<?>[] others = new ForkJoinTask<?>[Math.max(0, chunks - 1)];
    for (int i = 1; i < chunks; i++) {
      int from = channels * i / chunks;
      int to = channels * (i + 1) / chunks;
      others[i - 1] = POOL.submit(() -> range(from, to, body));
    }
    range(0, channels / Math.max(1, chunks), body);
    for (ForkJoinTask<?> task : others) {
      task.join();
    }
  }

  private static void range(int from, int to, IntConsumer body) {
    for (int c = from; c < to; c++) {
      body.accept(c);
    }
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
    return delegate.preOutput(
        x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
  }

  @Override
  public INDArray getMeanCache(DataType dataType) {
    return delegate.getMeanCache(dataType);
  }

  @Override
  public INDArray getVarCache(DataType dataType) {
    return delegate.getVarCache(dataType);
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
