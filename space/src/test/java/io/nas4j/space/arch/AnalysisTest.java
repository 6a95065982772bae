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
  void aStrideThatSamePaddingCannotPadIsInvalid() {
    // DL4J pads ((7 - 1) * 4 + 1 - 28) / 2 = -1 rows: it refuses a 1x1 kernel with stride 4 here
    Analysis a = analyse(Shape.of(1, 28, 28), "c3x4 relu | c1x8s4 | out2");
    assertFalse(a.valid());
    assertEquals(
        "layer 2 (c1x8s4): kernel 1 with stride 4 and same padding on input 28x28 would need"
            + " negative padding, which DL4J refuses; use valid padding or a kernel of at least 3",
        a.invalidReason().orElseThrow());
    assertTrue(analyse(Shape.of(1, 28, 28), "c1x8s4v | out2").valid(), "valid padding");
    assertTrue(analyse(Shape.of(1, 28, 28), "c3x8s4 | out2").valid(), "kernel 3");
    assertTrue(analyse(Shape.of(1, 29, 29), "c1x8s4 | out2").valid(), "((8 - 1) * 4 + 1 - 29) / 2");
    assertEquals(
        "layer 0 (max2s4p): window 2 with stride 4 and same padding on input 28x28 would need"
            + " negative padding, which DL4J refuses; use valid padding or a window of at least 3",
        analyse(Shape.of(1, 28, 28), "max2s4p | out2").invalidReason().orElseThrow());
  }

  @Test
  void poolLargerThanInputIsInvalid() {
    Analysis a = analyse(Shape.of(1, 4, 4), "c3x4s2 | max3s2 | out2");
    assertFalse(a.valid());
    assertEquals(
        "layer 1 (max3s2): pool window 3x3 is larger than its input 2x2",
        a.invalidReason().orElseThrow());
  }

  @Test
  void residualBlockIdentityAndProjection() {
    // identity: res(c3x16 bn relu | c3x16 bn) on 16x14x14 keeps the shape: two convs of
    // 16*16*9+16 = 2,320 params and 2,304*196 = 451,584 MACs each, two bn of 64
    Analysis same =
        analyse(Shape.of(16, 14, 14), "res(c3x16 bn relu | c3x16 bn) relu | gap | out10");
    assertTrue(same.valid(), same.invalidReason().toString());
    assertEquals(2 * 2_320 + 2 * 64 + 16 * 10 + 10, same.params());
    assertEquals(2 * 451_584 + 160, same.macs());
    assertEquals(Shape.flat(16), same.layers().get(2).out(), "global pool: one value a channel");
    // projection: res(c3x32s2 bn relu | c3x32 bn) on 16x14x14 -> 32x7x7; 1x1 stride-2 projection
    // without bias (16*32 = 512 params, 512*49 = 25,088 MACs) and a bn (128), as the body has one
    Analysis projected = analyse(Shape.of(16, 14, 14), "res(c3x32s2 bn relu | c3x32 bn) | out10");
    assertTrue(projected.valid());
    long body = (16 * 32 * 9 + 32) + 128 + (32 * 32 * 9 + 32) + 128;
    assertEquals(body + 512 + 128 + 32 * 49 * 10 + 10, projected.params());
    assertEquals(Shape.of(32, 7, 7), projected.layers().get(0).out());
    assertEquals(16 * 32 * 9 * 49 + 32 * 32 * 9 * 49 + 25_088 + 32 * 49 * 10, projected.macs());
    // valid padding shrinks the body: nothing to add it to
    Analysis shrunk = analyse(Shape.of(16, 14, 14), "res(c3x16v relu | c3x16 bn) | out10");
    assertFalse(shrunk.valid());
    assertEquals(
        "layer 0 (res(c3x16v relu | c3x16 bn)): the body's output 12x12 cannot be added to the"
            + " projected input 14x14 (stride 1; valid padding in a residual body shrinks it)",
        shrunk.invalidReason().orElseThrow());
  }

  @Test
  void branchesConcatenateOnChannelsAndMustAgreeOnSize() {
    // br(c1x8; c3x16 relu; max3s1p | c1x4) on 4x10x10: 8 + 16 + 4 = 28 channels of 10x10
    Analysis a = analyse(Shape.of(4, 10, 10), "br(c1x8; c3x16 relu; max3s1p | c1x4) | out10");
    assertTrue(a.valid(), a.invalidReason().toString());
    assertEquals(Shape.of(28, 10, 10), a.layers().get(0).out());
    long params = (4 * 8 + 8) + (4 * 16 * 9 + 16) + (4 * 4 + 4) + (2_800 * 10 + 10);
    assertEquals(params, a.params());
    assertEquals((4 * 8 + 4 * 16 * 9 + 4 * 4) * 100L + 28_000, a.macs());
    Analysis bad = analyse(Shape.of(4, 10, 10), "br(c1x8; c3x16v relu) | out10");
    assertFalse(bad.valid());
    assertEquals(
        "layer 0 (br(c1x8; c3x16v relu)): branch 2 output 8x8 cannot be concatenated with branch"
            + " 1's 10x10",
        bad.invalidReason().orElseThrow());
    Analysis inner = analyse(Shape.of(4, 2, 2), "br(c1x8; max3) | out10");
    assertEquals(
        "layer 0 (br(c1x8; max3)): branch 2 layer 0 (max3): pool window 3x3 is larger than its"
            + " input 2x2",
        inner.invalidReason().orElseThrow());
  }

  @Test
  void depthIsTheLongestPathsConvolutions() {
    Architecture a =
        Architecture.of(
            Shape.of(1, 28, 28),
            Notation.parse(
                "c3x8 relu | res(c3x8 relu | c3x8) | br(c1x8; c3x8 relu | c3x8) | gap | out10"),
            ADAM);
    assertEquals(1 + 2 + 2, a.convolutions());
    assertTrue(a.graph());
  }

  @Test
  void sizesTooLargeToCountMakeANetworkInvalidNotACrash() {
    int huge = Integer.MAX_VALUE;
    Analysis dense = analyse(Shape.of(huge, huge, huge), "d3 relu | out2");
    assertEquals(
        "layer 0 (d3): too large: its parameter or multiply-accumulate count overflows a long",
        dense.invalidReason().orElseThrow());
    Analysis conv = analyse(Shape.of(1, 1 << 20, 1 << 20), "c7x" + (1 << 20) + " relu | out2");
    assertEquals(
        "layer 0 (c7x1048576): too large: its parameter or multiply-accumulate count overflows"
            + " a long",
        conv.invalidReason().orElseThrow());
  }
}
