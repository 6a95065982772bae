package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.space.arch.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NormalizerTest {

  /**
   * The normaliser saved in model.zip takes raw pixels to what training saw: for 20 random 2 x 5 x
   * 4 images, the DL4J normaliser's output equals the training batches' features up to float
   * rounding.
   */
  @Test
  void savedNormaliserGivesTheTrainingInputs() {
    SplittableRandom random = new SplittableRandom(9);
    Shape shape = Shape.of(2, 5, 4);
    int n = 20;
    byte[] pixels = new byte[(int) (n * shape.size())];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    LabeledImages images = LabeledImages.of(shape, pixels, new int[n], List.of("a", "b"));
    TrainingData data = TrainingData.of(images, images);
    int[] order = data.train().storedOrder();
    float[] trained = data.train().batch(order, 0, n).getFeatures().ravel().toFloatVector();

    float[] raw = new float[pixels.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = pixels[i] & 0xff;
    }
    INDArray x = Nd4j.create(raw, new long[] {n, 2, 5, 4}, 'c');
    data.normalizer(2).transform(x);
    float[] saved = x.ravel().toFloatVector();
    for (int i = 0; i < raw.length; i++) {
      assertEquals(trained[i], saved[i], 1e-5, "value " + i);
    }
  }
}
