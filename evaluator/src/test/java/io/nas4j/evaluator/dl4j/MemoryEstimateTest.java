package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

  private static Analysis analysis(String notation) {
    return Analysis.of(
        Architecture.of(
            Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 1e-3, 32)));
  }

  @Test
  void oneConvolutionByHand() {
    // c3x8: 80 parameters, 8x28x28 = 6,272 outputs, im2col 1x3x3 x 28x28 = 7,056 per image; relu
    // (a layer of its own) 6,272 outputs; out10: 62,730 parameters, 10 outputs.
    Analysis net = analysis("c3x8 relu | out10");
    assertEquals(62_810, net.params());
    long perImage = 2 * 6_272 + 10;
    assertEquals((62_810 + perImage * 500) * 4, MemoryEstimate.validationBytes(net, 500));
    assertEquals(
        (62_810 * 4 + (2 * perImage + 7_056) * 32) * 4, MemoryEstimate.trainingBytes(net, 32));
  }

  @Test
  void theLayersInsideABlockCountAsWellAsTheBlock() {
    // Per image: c3x8 and relu 6,272 outputs each, im2col 7,056; the block's output 6,272 and its
    // inner layers c3x8, relu, c3x8 and the relu after the sum 6,272 each, the two c3x8 with
    // im2col 8x3x3 x 28x28 = 56,448 each; out10 10 outputs.
    Analysis net = analysis("c3x8 relu | res(c3x8 relu | c3x8) relu | out10");
    long activations = 2 * 6_272 + 5 * 6_272 + 10;
    long im2col = 7_056 + 2 * 56_448;
    long perImage = MemoryEstimate.trainingBytes(net, 2) - MemoryEstimate.trainingBytes(net, 1);
    assertEquals((2 * activations + im2col) * 4, perImage);
  }

  @Test
  void gibIsOneDecimal() {
    assertEquals("1.5 GiB", MemoryEstimate.gib(3L << 29));
  }
}
