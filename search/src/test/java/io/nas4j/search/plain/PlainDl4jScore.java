package io.nas4j.search.plain;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a user without nas4j does with a {@code model.zip}: restore it with DL4J's {@code
 * ModelSerializer}, read the IDX test images, normalise raw pixels with the saved normaliser and
 * count correct predictions in batches of 500. Run in a fresh JVM whose class path has no nas4j
 * classes; prints {@code nas4j-classes-visible=false} and {@code accuracy=<double>}.
 */
public final class PlainDl4jScore {

  private PlainDl4jScore() {}

  public static void main(String[] args) throws IOException {
    File model = new File(args[0]);
    Path folder = Path.of(args[1]);
    boolean nas4jVisible;
    try {
      Class.forName("io.nas4j.evaluator.dl4j.SavedModels");
      nas4jVisible = true;
    } catch (ClassNotFoundException e) {
      nas4jVisible = false;
    }
    Pair<MultiLayerNetwork, Normalizer> restored =
        ModelSerializer.restoreMultiLayerNetworkAndNormalizer(model, false);
    MultiLayerNetwork network = restored.getFirst();
    DataNormalization normalizer = (DataNormalization) restored.getSecond();
    byte[] images = idx(folder.resolve("t10k-images-idx3-ubyte.gz"), 16);
    byte[] labels = idx(folder.resolve("t10k-labels-idx1-ubyte.gz"), 8);
    int n = labels.length;
    int size = 28 * 28;
    long correct = 0;
    for (int from = 0; from < n; from += 500) {
      int count = Math.min(500, n - from);
      float[] pixels = new float[count * size];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = images[from * size + i] & 0xff;
      }
      INDArray x = Nd4j.create(pixels, new long[] {count, 1, 28, 28}, 'c');
      normalizer.transform(x);
      INDArray predicted = network.output(x, false).argMax(1);
      for (int i = 0; i < count; i++) {
        correct += predicted.getInt(i) == labels[from + i] ? 1 : 0;
      }
    }
    System.out.println("nas4j-classes-visible=" + nas4jVisible);
    System.out.println("accuracy=" + (double) correct / n);
  }

  private static byte[] idx(Path file, int header) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      data.skipNBytes(header);
      return data.readAllBytes();
    }
  }
}
