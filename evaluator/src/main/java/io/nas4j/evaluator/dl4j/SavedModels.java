package io.nas4j.evaluator.dl4j;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.files.AtomicFiles;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.result.TestScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code model.zip}: a DL4J {@link ModelSerializer} file that plain DL4J loads without nas4j. It
 * holds the network (no updater state), the normaliser that takes raw pixel values (0..255) to the
 * network's inputs, and the nas4j architecture JSON as an extra entry. Using it from plain DL4J:
 *
 * <pre>{@code
 * Pair<MultiLayerNetwork, Normalizer> model =
 *     ModelSerializer.restoreMultiLayerNetworkAndNormalizer(new File("model.zip"), false);
 * INDArray x = Nd4j.create(pixels, new long[] {n, channels, height, width}); // 0..255 floats
 * ((DataNormalization) model.getSecond()).transform(x);
 * INDArray probabilities = model.getFirst().output(x);
 * }</pre>
 *
 * A network with residual or multi-branch blocks is a {@code ComputationGraph}: {@code
 * restoreComputationGraphAndNormalizer}, then {@code outputSingle(x)}.
 */
public final class SavedModels {

  /** The {@link ModelSerializer#addObjectToFile} key of the architecture JSON. */
  public static final String ARCHITECTURE_KEY = "nas4j-architecture";

  /** Images scored per {@code output} call; plain-DL4J checks should use the same. */
  public static final int BATCH = 500;

  private SavedModels() {}

  /** A loaded model; {@code architecture} is empty for a DL4J file not written by nas4j. */
  public record Loaded(
      Network network, DataNormalization normalizer, Optional<Architecture> architecture) {}

  /** Writes {@code zip} atomically (a temporary file in the same folder, then a rename). */
  public static void write(
      Path zip, Network network, DataNormalization normalizer, Architecture architecture)
      throws IOException {
    AtomicFiles.write(
        zip,
        tmp -> {
          // writeModel(..., normalizer) fails in M2.1 ("flush() failed: stream is closed"): its
          // normaliser serializer closes the zip stream; adding the normaliser afterwards works.
          ModelSerializer.writeModel(network.model(), tmp.toFile(), false);
          ModelSerializer.addNormalizerToModel(tmp.toFile(), normalizer);
          ModelSerializer.addObjectToFile(
              tmp.toFile(), ARCHITECTURE_KEY, ArchitectureJson.write(architecture));
        });
  }

  /**
   * Reads a model file.
   *
   * @throws IOException with a one-line message naming the file when it is missing or not a DL4J
   *     multi-layer network with a normaliser
   */
  public static Loaded read(Path zip) throws IOException {
    if (!Files.isRegularFile(zip)) {
      throw new IOException(zip + ": no such model file");
    }
    List<String> entries;
    try {
      entries = ModelSerializer.listObjectsInFile(zip.toFile());
    } catch (RuntimeException e) {
      throw new IOException(zip + ": not a DL4J model file (" + reason(e) + ")", e);
    }
    Optional<Architecture> architecture = architecture(zip, entries);
    Network network;
    Normalizer normalizer;
    try {
      // nas4j's files say which kind they hold; for other files, a chain is the common case
      boolean graph = architecture.map(Architecture::graph).orElse(false);
      if (!graph && architecture.isEmpty() && isGraph(zip)) {
        graph = true;
      }
      if (graph) {
        Pair<ComputationGraph, Normalizer> pair =
            ModelSerializer.restoreComputationGraphAndNormalizer(zip.toFile(), false);
        network = new Network.Graph(pair.getFirst());
        normalizer = pair.getSecond();
      } else {
        Pair<MultiLayerNetwork, Normalizer> pair =
            ModelSerializer.restoreMultiLayerNetworkAndNormalizer(zip.toFile(), false);
        network = new Network.Chain(pair.getFirst());
        normalizer = pair.getSecond();
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(zip + ": not a DL4J model file (" + reason(e) + ")", e);
    }
    if (!(normalizer instanceof DataNormalization dataNormalization)) {
      throw new IOException(
          zip + ": the model has no input normaliser; nas4j writes one with every model");
    }
    return new Loaded(network, dataNormalization, architecture);
  }

  /**
   * The innermost cause's message on one line: DL4J wraps I/O errors in runtime exceptions whose
   * message starts with the wrapped exception's class name.
   */
  private static String reason(Throwable e) {
    Throwable inner = e;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    return Trainer.oneLine(inner.getMessage() != null ? inner.getMessage() : e.getMessage());
  }

  /** The nas4j architecture entry of a model file, if it has one. */
  private static Optional<Architecture> architecture(Path zip, List<String> entries)
      throws IOException {
    if (!entries.contains(ARCHITECTURE_KEY)) {
      return Optional.empty();
    }
    try {
      String json = ModelSerializer.getObjectFromFile(zip.toFile(), ARCHITECTURE_KEY);
      return Optional.of(ArchitectureJson.read(json));
    } catch (RuntimeException e) {
      throw new IOException(
          zip + ": its nas4j architecture entry is unreadable (" + reason(e) + ")", e);
    }
  }

  /** Whether a DL4J model file holds a ComputationGraph (its configuration has vertices). */
  private static boolean isGraph(Path zip) throws IOException {
    try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
      java.util.zip.ZipEntry entry = file.getEntry("configuration.json");
      if (entry == null) {
        return false;
      }
      try (java.io.InputStream in = file.getInputStream(entry)) {
        String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return json.contains("\"vertices\"");
      }
    }
  }

  /**
   * Scores {@code network} on {@code images}: raw pixels through {@code normalizer}, then {@code
   * output} in batches of {@link #BATCH}; the prediction is the most probable class (the first on a
   * tie).
   */
  public static TestScore evaluate(
      Network network, DataNormalization normalizer, LabeledImages images) {
    return evaluate(network, normalizer, images, false);
  }

  /**
   * As {@link #evaluate(Network, DataNormalization, LabeledImages)}; with {@code mirrored}, each
   * image's class probabilities are the mean of the network's outputs for the image and for its
   * left-right mirror image (test-time augmentation, for data whose labels survive a horizontal
   * flip).
   */
  public static TestScore evaluate(
      Network network, DataNormalization normalizer, LabeledImages images, boolean mirrored) {
    return evaluate(List.of(new Loaded(network, normalizer, Optional.empty())), images, mirrored);
  }

  /**
   * Scores an ensemble: each image's class probabilities are the mean of every model's outputs
   * (each through its own normaliser), and with {@code mirrored} of their outputs for the mirror
   * image too. One model gives exactly {@link #evaluate(Network, DataNormalization, LabeledImages,
   * boolean)}.
   *
   * @throws IllegalArgumentException if {@code models} is empty
   */
  public static TestScore evaluate(List<Loaded> models, LabeledImages images, boolean mirrored) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one model, but had none");
    }
    int channels = images.shape().channels();
    int height = images.shape().height();
    int width = images.shape().width();
    int size = (int) images.shape().size();
    ScoreAccumulator scores = new ScoreAccumulator(images.classes());
    for (int from = 0; from < images.size(); from += BATCH) {
      int n = Math.min(BATCH, images.size() - from);
      float[] pixels = new float[n * size];
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < size; p++) {
          pixels[i * size + p] = images.pixel(from + i, p);
        }
      }
      long[] shape = {n, channels, height, width};
      float[] flipped = mirrored ? mirror(pixels, n * channels * height, width) : null;
      float[][] probabilities = null;
      int outputs = 0;
      for (Loaded model : models) {
        probabilities = add(probabilities, output(model, pixels, shape));
        outputs++;
        if (mirrored) {
          probabilities = add(probabilities, output(model, flipped, shape));
          outputs++;
        }
      }
      if (outputs > 1) {
        for (float[] row : probabilities) {
          for (int c = 0; c < row.length; c++) {
            row[c] /= outputs;
          }
        }
      }
      int offset = from;
      scores.add(probabilities, i -> images.label(offset + i));
    }
    return scores.toTestScore(images.classNames());
  }

  private static float[][] output(Loaded model, float[] pixels, long[] shape) {
    INDArray x = Nd4j.create(pixels, shape, 'c');
    model.normalizer().transform(x);
    return model.network().output(x).toFloatMatrix();
  }

  /** {@code sum + more} element by element, into {@code sum}; {@code more} when sum is null. */
  private static float[][] add(float[][] sum, float[][] more) {
    if (sum == null) {
      return more;
    }
    for (int i = 0; i < sum.length; i++) {
      for (int c = 0; c < sum[i].length; c++) {
        sum[i][c] += more[i][c];
      }
    }
    return sum;
  }

  /** {@code rows} rows of {@code width} values each, every row reversed. */
  static float[] mirror(float[] values, int rows, int width) {
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      int base = r * width;
      for (int c = 0; c < width; c++) {
        out[base + c] = values[base + width - 1 - c];
      }
    }
    return out;
  }
}
