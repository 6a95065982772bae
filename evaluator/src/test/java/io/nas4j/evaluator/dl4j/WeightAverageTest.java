package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightAverageTest {

  @Test
  void theDecayWarmsUpToItsValue() {
    WeightAverage average = new WeightAverage(0.99, Nd4j.zeros(1, 3));
    assertEquals(0.1, average.nextDecay(), 1e-15);
    for (int t = 0; t < 1000; t++) { // (1 + t) / (10 + t) reaches 0.99 at t = 890
      assertEquals(Math.min(0.99, (1.0 + t) / (10.0 + t)), average.nextDecay(), 1e-15);
      average.update(Nd4j.zeros(1, 3));
    }
    assertEquals(0.99, average.nextDecay(), 1e-15);
  }

  /** Three updates against the closed form, computed in doubles. */
  @Test
  void theAverageIsTheWarmedUpExponentialMovingAverage() {
    double[] start = {1, -2, 0.5, 4};
    double[][] steps = {{2, 0, 1, 3}, {-1, 1, 1, 5}, {0.25, 3, -2, 4}};
    WeightAverage average = new WeightAverage(0.2, Nd4j.createFromArray(toFloats(start)));
    double[] expected = start.clone();
    for (int t = 0; t < steps.length; t++) {
      double d = Math.min(0.2, (1.0 + t) / (10.0 + t));
      for (int i = 0; i < expected.length; i++) {
        expected[i] = d * expected[i] + (1 - d) * steps[t][i];
      }
      average.update(Nd4j.createFromArray(toFloats(steps[t])));
    }
    assertArrayEquals(expected, average.average().toDoubleVector(), 1e-6);
  }

  @Test
  void theStartIsCopied() {
    INDArray start = Nd4j.createFromArray(1f, 2f);
    WeightAverage average = new WeightAverage(0.5, start);
    start.assign(7);
    assertArrayEquals(new double[] {1, 2}, average.average().toDoubleVector(), 0);
  }

  @Test
  void aDecayOutsideTheOpenUnitIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WeightAverage(0, Nd4j.zeros(1)));
    assertThrows(IllegalArgumentException.class, () -> new WeightAverage(1, Nd4j.zeros(1)));
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
