package io.nas4j.space.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AblationsTest {

  static Architecture arch(String notation) {
    return Architecture.of(
        Shape.of(1, 28, 28), Notation.parse(notation), Training.of(Optimizer.ADAM, 0.001, 128));
  }

  private static Map<String, Question> ask(String notation) {
    return Ablations.of(arch(notation), Ablations.IDS).stream()
        .collect(Collectors.toMap(Question::id, q -> q));
  }

  /** The layers that differ (same length), as "index: base -> variant". */
  private static List<String> diff(Architecture base, Architecture variant) {
    assertEquals(base.layers().size(), variant.layers().size(), variant.notation());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < base.layers().size(); i++) {
      if (!base.layers().get(i).equals(variant.layers().get(i))) {
        out.add(i + ": " + token(base, i) + " -> " + token(variant, i));
      }
    }
    return out;
  }

  private static String token(Architecture a, int i) {
    return Notation.format(List.of(a.layers().get(i)));
  }

  private static List<String> notations(Question q) {
    return q.variants().stream().map(v -> v.architecture().notation()).toList();
  }

  @Test
  void kernelVariantsChangeOneConvsKernelOnly() {
    Architecture base = arch("c5x32 bn relu | max2 | c3x64 relu | d128 relu | out10");
    Question q = Ablations.of(base, List.of("kernel")).get(0);
    assertTrue(q.applies());
    assertEquals("layer 0 (c5x32)", q.change());
    assertEquals(
        List.of("kernel 3", "kernel 7"), q.variants().stream().map(Variant::name).toList());
    assertEquals(List.of("0: c5x32 -> c3x32"), diff(base, q.variants().get(0).architecture()));
    assertEquals(List.of("0: c5x32 -> c7x32"), diff(base, q.variants().get(1).architecture()));
  }

  @Test
  void matchedVariantsKeepTheMacsWithinTenPercent() {
    Architecture base = arch("c5x32 bn relu | max2 | c3x64 relu | max2 | d128 relu | out10");
    long macs = Analysis.of(base).macs();
    Question q = Ablations.of(base, List.of("kernel-matched")).get(0);
    assertEquals(2, q.variants().size(), q.invalid().toString());
    for (Variant v : q.variants()) {
      long m = Analysis.of(v.architecture()).macs();
      assertTrue(Math.abs(m - macs) <= 0.10 * macs, v.name() + ": " + m + " vs " + macs);
      List<String> d = diff(base, v.architecture());
      assertEquals(1, d.size(), d.toString()); // the one conv: its kernel and its width
      assertTrue(d.get(0).startsWith("0: c5x32 -> c"), d.toString());
    }
    assertTrue(q.variants().get(0).name().startsWith("kernel 3, "), q.variants().get(0).name());
  }

  @Test
  void evenKernelsAreTheOddOnesNeighbours() {
    Question q = ask("c3x16 relu | max2 | d64 relu | out10").get("even-kernel");
    assertEquals(
        List.of("c2x16 relu | max2 | d64 relu | out10", "c4x16 relu | max2 | d64 relu | out10"),
        notations(q));
  }

  @Test
  void downsamplingByStrideOrByEitherPool() {
    Question strided = ask("c3x16s2 bn relu | c3x32 relu | d64 relu | out10").get("downsampling");
    assertEquals(
        List.of(
            "c3x16 bn relu | max2 | c3x32 relu | d64 relu | out10",
            "c3x16 bn relu | avg2 | c3x32 relu | d64 relu | out10"),
        notations(strided));
    Question pooled = ask("c3x16 relu | max2 | d64 relu | out10").get("downsampling");
    assertEquals(
        List.of("c3x16s2 relu | d64 relu | out10", "c3x16 relu | avg2 | d64 relu | out10"),
        notations(pooled));
    assertEquals(
        "no stride-2 convolution or pooling after a conv",
        ask("c3x16 relu | d64 relu | out10").get("downsampling").notApplicable().orElseThrow());
  }

  @Test
  void biasIsToggledOnEveryConvBeforeBatchNorm() {
    Architecture base = arch("c3x16 bn relu | max2 | c3x32 bn relu | c3x8 relu | out10");
    Question q = Ablations.of(base, List.of("bias-bn")).get(0);
    assertEquals("no bias before BN", q.variants().get(0).name());
    assertEquals(
        List.of("0: c3x16 -> c3x16nb", "4: c3x32 -> c3x32nb"),
        diff(base, q.variants().get(0).architecture()));
    assertFalse(ask("c3x16 relu | out10").get("bias-bn").applies());
  }

  @Test
  void oneFiveByFiveAgainstTwoStackedThreeByThree() {
    assertEquals(
        List.of("c3x32 bn relu | c3x32 bn relu | max2 | d64 relu | out10"),
        notations(ask("c5x32 bn relu | max2 | d64 relu | out10").get("stacked-3x3")));
    assertEquals(
        List.of("c5x64 relu | max2 | d64 relu | out10"),
        notations(ask("c3x32 relu | c3x64 relu | max2 | d64 relu | out10").get("stacked-3x3")));
    assertFalse(ask("c7x16 relu | out10").get("stacked-3x3").applies());
  }

  @Test
  void paddingConvTypeDepthAndWidth() {
    Map<String, Question> q = ask("c3x16 bn relu | max2 | c3x32 relu | max2 | d64 relu | out10");
    assertEquals(
        List.of("c3x16v bn relu | max2 | c3x32v relu | max2 | d64 relu | out10"),
        notations(q.get("padding")));
    assertEquals(
        List.of(
            "c3x16 bn relu | max2 | sc3x32 relu | max2 | d64 relu | out10",
            "c3x16 bn relu | max2 | c1x4 relu | c3x32 relu | max2 | d64 relu | out10"),
        notations(q.get("conv-type")));
    assertEquals(
        List.of(
            "c3x16 bn relu | max2 | c3x32 relu | c3x32 relu | max2 | d64 relu | out10",
            "c3x16 bn relu | max2 | max2 | d64 relu | out10"),
        notations(q.get("depth")));
    assertEquals(
        List.of(
            "c3x8 bn relu | max2 | c3x16 relu | max2 | d64 relu | out10",
            "c3x32 bn relu | max2 | c3x64 relu | max2 | d64 relu | out10"),
        notations(q.get("width")));
  }

  @Test
  void skipRemovesTheFirstResidualSkipOrAddsOneAroundTwoConvBlocks() {
    Architecture residual =
        arch("c3x16 bn relu | res(c3x16 bn relu | c3x16 bn) relu | max2 | res(c3x32 bn) | out10");
    Question q = Ablations.of(residual, List.of("skip")).get(0);
    assertEquals("layer 3 (res(c3x16 bn relu | c3x16 bn))", q.change());
    assertEquals(
        List.of("c3x16 bn relu | c3x16 bn relu | c3x16 bn relu | max2 | res(c3x32 bn) | out10"),
        notations(q));

    Question add =
        Ablations.of(arch("c3x16 bn relu | c3x16 bn relu | max2 | out10"), List.of("skip")).get(0);
    assertEquals(List.of("res(c3x16 bn relu | c3x16 bn) relu | max2 | out10"), notations(add));
    assertEquals(
        List.of("a skip around layers 0-5"), add.variants().stream().map(Variant::name).toList());

    // a shape change: the skip gets a projection, which the analysis accepts
    assertEquals(
        List.of("res(c3x16 relu | c3x32s2) relu | d64 relu | out10"),
        notations(
            Ablations.of(arch("c3x16 relu | c3x32s2 relu | d64 relu | out10"), List.of("skip"))
                .get(0)));
    assertEquals(
        "no residual block and no two conv blocks in a row",
        ask("c3x16 relu | max2 | c3x16 relu drop0.25 | out10")
            .get("skip")
            .notApplicable()
            .orElseThrow());
  }

  @Test
  void branchesBecomeOneConvolutionOfMatchedMacs() {
    Architecture base =
        arch(
            "br(c1x16 relu; c3x16 relu | c3x32 relu; max3s1p | c1x16 relu) | max2 | d64 relu | out10");
    Question q = Ablations.of(base, List.of("branches")).get(0);
    assertTrue(q.applies(), q.toString());
    long macs = Analysis.of(base).macs();
    assertEquals(2, q.variants().size(), q.toString());
    for (Variant v : q.variants()) {
      long vm = Analysis.of(v.architecture()).macs();
      assertTrue(Math.abs(vm - macs) <= 0.10 * macs, v.name() + " " + vm + " vs " + macs);
      Shape before = Analysis.of(base).layers().get(1).in();
      Shape after = Analysis.of(v.architecture()).layers().get(2).in();
      assertEquals(
          List.of(before.height(), before.width()),
          List.of(after.height(), after.width()),
          v.name() + ": the layers after the block see the same height and width");
    }
    assertTrue(q.variants().get(0).name().startsWith("single 3x3 convolution, "), q.toString());
    assertTrue(
        notations(q).get(0).matches("c3x\\d+ relu \\| max2 \\| d64 relu \\| out10"),
        notations(q).get(0));

    Question strided =
        Ablations.of(arch("br(c3x16s2 bn relu; c1x16 | max2) | gap | out10"), List.of("branches"))
            .get(0);
    for (String n : notations(strided)) {
      assertTrue(n.matches("c[35]x\\d+s2 bn relu \\| gap \\| out10"), n);
    }
    assertEquals(
        "no multi-branch block",
        ask("c3x16 relu | out10").get("branches").notApplicable().orElseThrow());
  }

  @Test
  void everyVariantOfRandomLookingNetsIsValidAndDiffersFromTheBase() {
    for (String notation :
        List.of(
            "c7x64s2v bn relu | d64 relu drop0.25 | out10",
            "sc3x16vnb bn relu | avg2 | sc7x16nb bn relu | max3s2 | c5x64s2v bn relu | d256 relu | out10",
            "c3x16v relu | c3x16v relu | max2 | d64 relu | out10",
            "br(sc1x16 relu; sc3x32 relu | sc3x32 relu) | c1x16s2v bn relu | res(bn relu | sc1x128)"
                + " | sc3x64s2nb bn relu | d128 relu | out10",
            "c3x16 bn relu | br(c1x8s2 relu; max3s2p | c1x8 relu) | gap | out10")) {
      Architecture base = arch(notation);
      for (Question q : Ablations.of(base, Ablations.IDS)) {
        assertTrue(q.applies() || q.notApplicable().isPresent() || !q.invalid().isEmpty(), q.id());
        for (Variant v : q.variants()) {
          assertTrue(Analysis.of(v.architecture()).valid(), v.name());
          assertFalse(v.architecture().equals(base), q.id() + " " + v.name());
        }
      }
    }
  }

  @Test
  void unknownQuestionsAndInvalidBasesAreRefused() {
    Function<String, String> message =
        id ->
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Ablations.of(arch("c3x16 relu | out10"), List.of(id)))
                .getMessage();
    assertTrue(message.apply("kernels").startsWith("question must be one of kernel, "));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Ablations.of(
                arch("c7x16v | c7x16v | c7x16v | c7x16v | c7x16v | out10"), Ablations.IDS));
  }
}
