package io.nas4j.space.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotationTest {

  @Test
  void formatsGroupsWithBars() {
    List<Layer> layers =
        List.of(
            new Layer.Conv(3, 32, 1, Padding.SAME, true),
            new Layer.BatchNorm(),
            new Layer.Activation(ActivationFn.RELU),
            new Layer.Pool(PoolKind.MAX, 2, 2),
            new Layer.SeparableConv(3, 64, 2, Padding.VALID, false),
            new Layer.Dense(128),
            new Layer.Dropout(0.5),
            new Layer.Output(10));
    assertEquals(
        "c3x32 bn relu | max2 | sc3x64s2vnb | d128 drop0.5 | out10", Notation.format(layers));
    assertEquals(layers, Notation.parse(Notation.format(layers)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3x32 bn relu | max2 | c3x64s2 | d128 drop0.5 | out10",
        "c1x16 elu | avg3s2 | sc7x128s2vnb swish | out2",
        "c2x8s3v leakyrelu | max3 | c4x8 tanh drop0.25 | out100",
        "d64 relu | d32 bn relu drop0.125 | out3"
      })
  void roundTrips(String notation) {
    assertEquals(notation, Notation.format(Notation.parse(notation)));
  }

  @Test
  void parseIgnoresSpacingAndBars() {
    assertEquals(Notation.parse("c3x32 relu | out10"), Notation.parse("  c3x32   relu out10 |  "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"c3x", "conv3", "max", "d", "drop1.5", "out1", "c0x3", "gelu", "x"})
  void rejectsBadTokensNamingThem(String token) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Notation.parse("c3x8 " + token));
    assertTrue(
        e.getMessage().startsWith("notation token '" + token + "' (layer 1): "), e.getMessage());
  }

  @Test
  void blocksFormatAndParseBack() {
    String notation =
        "c3x16 bn relu | res(bn relu | c3x32s2 bn relu | c3x32) | br(c1x16 relu; max3s1p | c1x8)"
            + " | gmp | out10";
    List<Layer> layers = Notation.parse(notation);
    assertEquals(notation, Notation.format(layers));
    assertEquals(new Layer.GlobalPool(PoolKind.MAX), layers.get(5));
    assertEquals(
        new Layer.Branches(
            List.of(
                List.of(
                    new Layer.Conv(1, 16, 1, Padding.SAME, true),
                    new Layer.Activation(ActivationFn.RELU)),
                List.of(
                    new Layer.Pool(PoolKind.MAX, 3, 1, Padding.SAME),
                    new Layer.Conv(1, 8, 1, Padding.SAME, true)))),
        layers.get(4));
    assertEquals(layers, Notation.parse(notation.replace(" ", "  ").replace("(", "( ")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "res(c3x8",
        "res(c3x8; c3x8)",
        "foo(c3x8)",
        "br(c3x8)",
        "c3x8)",
        "c3x8; c3x8",
        "res(max2)",
        "br(c3x8; d10)"
      })
  void rejectsBadBlocks(String block) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Notation.parse("c3x8 " + block));
    assertTrue(e.getMessage().startsWith("notation token '"), e.getMessage());
  }
}
