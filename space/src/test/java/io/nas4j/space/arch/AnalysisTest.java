package io.nas4j.space.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTest {

  private static final Training ADAM = Training.of(Optimizer.ADAM, 1e-3, 128);

  private static Analysis analyse(Shape input, String notation) {
    return Analysis.of(Architecture.of(input, Notation.parse(notation), ADAM));
  }

  @Test
  void referenceSmallNetMatchesHandCount() {
    Analysis a =
        analyse(Shape.of(1, 28, 28), "c3x32 relu | max2 | c3x64 relu | max2 | d128 relu | out10");
    assertTrue(a.valid());
    assertEquals(421_642, a.params());
    assertEquals(4_241_152, a.macs());
    List<Long> macs = a.layers().stream().map(Analysis.LayerCost::macs).toList();
    assertEquals(List.of(225_792L, 0L, 0L, 3_612_672L, 0L, 0L, 401_408L, 0L, 1_280L), macs);
    assertEquals(Shape.of(64, 7, 7), a.layers().get(5).out());
    assertEquals(Shape.flat(10), a.outputShape());
  }

  @Test
  void strideTwoValidPaddingAndOverlappingPool() {
    // c5x16s2v: (28-5)/2+1 = 12 -> 16x12x12, params 1*16*25+16 = 416, MACs 400*144 = 57,600
    // c3x32v nb: 10x10, params 16*32*9 = 4,608, MACs 4,608*100 = 460,800
    // avg3s2: (10-3)/2+1 = 4 -> 32x4x4 = 512; out10: 5,120+10 params, 5,120 MACs
    Analysis a = analyse(Shape.of(1, 28, 28), "c5x16s2v relu | c3x32vnb relu | avg3s2 | out10");
    assertTrue(a.valid());
    assertEquals(Shape.of(16, 12, 12), a.layers().get(0).out());
    assertEquals(Shape.of(32, 4, 4), a.layers().get(4).out());
    assertEquals(416 + 4_608 + 5_130, a.params());
    assertEquals(57_600 + 460_800 + 5_120, a.macs());
  }

  @Test
  void batchNormAndSeparableConv() {
    // c3x8nb on 3x32x32: 216 params, 216*1024 = 221,184 MACs; bn: 4*8 = 32
    // sc3x16s2: 16x16x16; depthwise 8*9 = 72, pointwise 8*16 = 128, bias 16 -> 216 params,
    //           (72+128)*256 = 51,200 MACs; bn: 4*16 = 64
    // max2: 16x8x8 = 1,024; d32: 32,800 params, 32,768 MACs; out5: 165 params, 160 MACs
    Analysis a =
        analyse(
            Shape.of(3, 32, 32),
            "c3x8nb bn relu | sc3x16s2 bn relu | max2 | d32 relu drop0.5 | out5");
    assertTrue(a.valid());
    assertEquals(216 + 32 + 216 + 64 + 32_800 + 165, a.params());
    assertEquals(221_184 + 51_200 + 32_768 + 160, a.macs());
  }

  @Test
  void evenKernelWithSamePaddingKeepsSize() {
    Analysis a = analyse(Shape.of(1, 28, 28), "c4x8 relu | c2x8s2 | out10");
    assertEquals(Shape.of(8, 28, 28), a.layers().get(0).out());
    assertEquals(Shape.of(8, 14, 14), a.layers().get(2).out());
  }

  @Test
  void samePaddingRoundsUp() {
    Analysis a = analyse(Shape.of(1, 7, 7), "c3x4s2 | out2");
    assertEquals(Shape.of(4, 4, 4), a.layers().get(0).out());
  }

  @Test
  void collapsingConvIsInvalidWithLayerAndSizes() {
    Analysis a = analyse(Shape.of(1, 8, 8), "c5x4v relu | c5x4v | out2");
    assertFalse(a.valid());
    assertEquals(
        "layer 2 (c5x4v): output 0x0 from input 4x4 (kernel 5, stride 1, valid padding) is empty",
        a.invalidReason().orElseThrow());
    assertEquals(2, a.layers().size());
  }

  @Test
  void poolLargerThanInputIsInvalid() {
    Analysis a = analyse(Shape.of(1, 4, 4), "c3x4s2 | max3s2 | out2");
    assertFalse(a.valid());
    assertEquals(
        "layer 1 (max3s2): pool window 3x3 is larger than its input 2x2",
        a.invalidReason().orElseThrow());
  }
}
