package io.nas4j.space.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.json.Json;
import io.nas4j.space.recipe.Augmentation;
import io.nas4j.space.recipe.RateSchedule;
import io.nas4j.space.recipe.TrainingRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecReaderTest {

  private static final String MINIMAL =
      """
      dataset: {kind: idx, path: /data/fmnist}
      input: {channels: 1, height: 28, width: 28}
      classes: 10
      blocks: {min: 1, max: 3, kernel: [3, 5], channels: [16, 32]}
      """;

  private static SearchSpec parse(String yaml) throws SpecException {
    return SpecReader.parse(yaml, "spec", null);
  }

  @Test
  void defaultSpecHasTheDocumentedChoices() {
    SearchSpec spec = SpecReader.defaultSpec();
    assertEquals(Shape.of(1, 28, 28), spec.input());
    assertEquals(10, spec.classes());
    assertEquals(DatasetKind.IDX, spec.dataset().kind());
    assertEquals("/usr/share/datasets/fashion-mnist", spec.dataset().path());
    assertEquals(1, spec.blocks().min());
    assertEquals(4, spec.blocks().max());
    assertEquals(List.of(1, 3, 5, 7), spec.blocks().kernel());
    assertEquals(List.of(Padding.SAME, Padding.VALID), spec.blocks().padding());
    assertEquals(List.of(PoolChoice.NONE, PoolChoice.MAX, PoolChoice.AVG), spec.blocks().pool());
    assertEquals(List.of(0, 64, 128, 256), spec.head().units());
    assertEquals(List.of(3.0e-4, 1.0e-3, 3.0e-3), spec.training().learningRate());
    assertTrue(spec.constraints().maxMacs().isPresent());
    assertTrue(spec.dataset().horizontalFlip());
    assertEquals(RateSchedule.COSINE, spec.budget().schedule());
  }

  @Test
  void horizontalFlipIsOffUnlessSaidAndMustBeABoolean() throws Exception {
    assertFalse(parse(MINIMAL).dataset().horizontalFlip());
    SearchSpec flips =
        parse(MINIMAL.replace("path: /data/fmnist}", "path: /data/fmnist, horizontalFlip: true}"));
    assertTrue(flips.dataset().horizontalFlip());
    String json = Json.mapper().writeValueAsString(SpecWriter.toTree(flips));
    assertEquals(flips, SpecReader.parse(json, "json", null));
    assertFalse(
        Json.mapper().writeValueAsString(SpecWriter.toTree(parse(MINIMAL))).contains("Flip"));
    SpecException e =
        assertThrows(
            SpecException.class,
            () ->
                parse(
                    MINIMAL.replace(
                        "path: /data/fmnist}", "path: /data/fmnist, horizontalFlip: 1}")));
    assertEquals("spec: dataset.horizontalFlip must be true or false, but was 1", e.getMessage());
  }

  /**
   * The recipes round-trip through the writer and the reader, words ("all", "auto", "none") and
   * every field included; a spec without a retrain section gets nas train's defaults.
   */
  @Test
  void recipesRoundTripThroughTheWriterAndTheReader() throws Exception {
    SearchSpec plain = parse(MINIMAL);
    assertEquals(TrainingRecipe.retrainDefaults(false), plain.retrain());
    assertEquals(TrainingRecipe.searchDefaults(), plain.budget());
    SearchSpec full =
        parse(
            MINIMAL.replace("path: /data/fmnist}", "path: /data/fmnist, horizontalFlip: true}")
                + """
                budget: {trainSize: 5000, valSize: 1000, maxEpochs: 4, patience: none,
                         timeLimitSeconds: 60, learningRateSchedule: plateau, plateauFactor: 0.25,
                         augmentation: {shift: 1}, weightDecay: 0.01}
                retrain: {trainSize: all, valSize: auto, maxEpochs: 50, patience: none,
                          timeLimitSeconds: none, labelSmoothing: 0.1, batchSize: 128,
                          learningRate: 0.002, augmentation: {cutout: 8}, emaDecay: 0.999}
                """);
    TrainingRecipe budget = full.budget();
    assertEquals(OptionalInt.of(5000), budget.trainSize());
    assertEquals(OptionalInt.empty(), budget.patience());
    assertEquals(RateSchedule.PLATEAU, budget.schedule());
    assertEquals(0.25, budget.plateauFactor());
    assertEquals(Augmentation.of(1, false, 0), budget.augmentation());
    TrainingRecipe retrain = full.retrain();
    assertEquals(OptionalInt.empty(), retrain.trainSize());
    assertEquals(OptionalInt.empty(), retrain.timeLimitSeconds());
    assertEquals(OptionalInt.of(128), retrain.batchSize());
    assertEquals(OptionalDouble.of(0.002), retrain.learningRate());
    assertEquals(0.999, retrain.emaDecay());
    assertEquals(0, budget.emaDecay(), "no average unless asked");
    // left-out augmentation keys keep nas train's defaults: shift 2, flips where the data allows
    assertEquals(Augmentation.of(2, true, 8), retrain.augmentation());
    for (SearchSpec spec : List.of(plain, full, SpecReader.defaultSpec())) {
      String json = Json.mapper().writeValueAsString(SpecWriter.toTree(spec));
      assertEquals(spec, SpecReader.parse(json, "json", null));
      String yaml = Json.yaml().writeValueAsString(SpecWriter.toTree(spec));
      assertEquals(spec, SpecReader.parse(yaml, "yaml", null));
    }
  }

  @Test
  void leftOutKeysTakeDefaultsAndSingleChoices() throws SpecException {
    SearchSpec spec = parse(MINIMAL);
    assertEquals(List.of(1), spec.blocks().convs());
    assertEquals(List.of(ActivationFn.RELU), spec.blocks().activation());
    assertEquals(List.of(false), spec.blocks().batchNorm());
    assertEquals(List.of(Optimizer.ADAM), spec.training().optimizer());
    assertEquals(Strategy.REGULARIZED, spec.search().strategy());
    assertEquals(42L, spec.seed());
    assertFalse(spec.constraints().maxMacs().isPresent());
    // Journals from before budget.learningRateSchedule existed trained with a constant rate.
    assertEquals(RateSchedule.CONSTANT, spec.budget().schedule());
  }

  @Test
  void scalarMeansOneChoiceAndYamlExponentWithoutDotIsANumber() throws SpecException {
    SearchSpec spec =
        parse(MINIMAL + "training: {learningRate: 3e-4, batchSize: 32, optimizer: sgd}\n");
    assertEquals(List.of(3e-4), spec.training().learningRate());
    assertEquals(List.of(32), spec.training().batchSize());
    assertEquals(List.of(Optimizer.SGD), spec.training().optimizer());
  }

  @Test
  void jsonAndYamlGiveTheSameSpecAndWriterRoundTrips() throws Exception {
    SearchSpec yaml = SpecReader.defaultSpec();
    String json = Json.mapper().writeValueAsString(SpecWriter.toTree(yaml));
    assertEquals(yaml, SpecReader.parse(json, "json", null));
    String asYaml = Json.yaml().writeValueAsString(SpecWriter.toTree(yaml));
    assertEquals(yaml, SpecReader.parse(asYaml, "yaml", null));
  }

  @Test
  void relativeDatasetPathIsResolvedAgainstTheSpecFolder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("my.yaml");
    Files.writeString(file, MINIMAL.replace("/data/fmnist", "data/fm"));
    assertEquals(dir.resolve("data/fm").toString(), SpecReader.read(file).dataset().path());
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file));
    assertEquals("spec file " + file + ": not found", e.getMessage());
  }

  @Test
  void builtInNameReadsTheDefaultSpec() throws SpecException {
    assertEquals(SpecReader.defaultSpec(), SpecReader.read(Path.of(SpecReader.DEFAULT_SPEC)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown top-level key      | seeed: 3                           | spec: unknown key seeed; allowed keys here: dataset, input
          unknown nested key         | budget: {maxEpoch: 3}              | spec: unknown key budget.maxEpoch; allowed keys here: trainSize
          blocks.max below min       | @blocks: {min: 2, max: 1}          | spec: blocks.max must be >= blocks.min (2), but was 1
          kernel out of range        | @blocks: {min: 1, max: 1, kernel: [3, 0]} | spec: blocks.kernel[1] must be in [1, 15], but was 0
          kernel wrong type          | @blocks: {min: 1, max: 1, kernel: [three]} | spec: blocks.kernel[0] must be an integer, but was 'three'
          duplicate choice           | @blocks: {min: 1, max: 1, channels: [16, 16]} | spec: blocks.channels must not repeat a choice, but 16 appears twice
          empty choice list          | @blocks: {min: 1, max: 1, stride: []} | spec: blocks.stride must list at least one choice, but was empty
          bad padding                | @blocks: {min: 1, max: 1, padding: [same, full]} | spec: blocks.padding[1] must be one of [same, valid], but was 'full'
          bad pool                   | @blocks: {min: 1, max: 1, pool: [max, min]} | spec: blocks.pool[1] must be one of [none, max, avg], but was 'min'
          boolean expected           | @blocks: {min: 1, max: 1, batchNorm: [yes please]} | spec: blocks.batchNorm[0] must be true or false, but was 'yes please'
          stem unknown key           | @blocks: {min: 1, max: 1, stem: {min: 1}} | spec: unknown key blocks.stem.min; allowed keys here: convs, kernel
          stem bad kind              | @blocks: {min: 1, max: 1, stem: {kind: [plane]}} | spec: blocks.stem.kind[0] must be one of [plain, residual, branches], but was 'plane'
          stem not a mapping         | @blocks: {min: 1, max: 1, stem: plain} | spec: blocks.stem must be a mapping of keys to values, but was 'plain'
          dropout out of range       | head: {dropout: [0.0, 1.0]}        | spec: head.dropout[1] must be in [0, 1), but was 1.0
          negative learning rate     | training: {learningRate: [-0.1]}   | spec: training.learningRate[0] must be in (0.0, 10.0], but was -0.1
          bad optimizer              | training: {optimizer: adamw}       | spec: training.optimizer must be one of [adam, sgd, rmsprop], but was 'adamw'
          bad rate schedule          | budget: {learningRateSchedule: step} | spec: budget.learningRateSchedule must be one of [constant, cosine, plateau], but was 'step'
          zero epochs                | budget: {maxEpochs: 0}             | spec: budget.maxEpochs must be in [1, 10000], but was 0
          fractional train size      | budget: {trainSize: 100.5}         | spec: budget.trainSize must be an integer, but was 100.5
          population too small       | search: {population: 1}            | spec: search.population must be in [2, 100000], but was 1
          bad strategy               | search: {strategy: hillclimb}      | spec: search.strategy must be one of [regularized, evolution, random], but was 'hillclimb'
          bad objective              | search: {objective: speed}         | spec: search.objective must be one of [accuracy, accuracy-macs, accuracy-params], but was 'speed'
          bad crossover              | search: {evolution: {crossover: two-point}} | spec: search.evolution.crossover must be one of [uniform, single-point], but was 'two-point'
          elites not below population | search: {population: 4, evolution: {elites: 4}} | spec: search.evolution.elites must be in [0, 3], but was 4
          pruning warmup             | search: {pruning: {warmup: 0}}     | spec: search.pruning.warmup must be in [1, 1000000], but was 0
          negative maxMacs           | constraints: {maxMacs: -5}         | spec: constraints.maxMacs must be >= 1, but was -5
          seed not a number          | seed: abc                          | spec: seed must be an integer, but was 'abc'
          one class                  | @classes: 1                        | spec: classes must be in [2, 100000], but was 1
          bad dataset kind           | @dataset: {kind: csv, path: /x}    | spec: dataset.kind must be one of [idx, folder], but was 'csv'
          missing dataset path       | @dataset: {kind: idx}              | spec: missing key dataset.path
          input channels             | @input: {channels: 0, height: 28, width: 28} | spec: input.channels must be in [1, 4], but was 0
          section not a mapping      | budget: 5                          | spec: budget must be a mapping of keys to values, but was 5
          patience word              | budget: {patience: never}          | spec: budget.patience must be an integer or 'none', but was 'never'
          retrain decay too large    | retrain: {weightDecay: 1.5}        | spec: retrain.weightDecay must be in [0, 1), but was 1.5
          retrain average decay 1    | retrain: {emaDecay: 1}             | spec: retrain.emaDecay must be in [0, 1), but was 1.0
          retrain plateau factor     | retrain: {plateauFactor: 1}        | spec: retrain.plateauFactor must be in (0, 1), but was 1.0
          retrain cutout             | retrain: {augmentation: {cutout: 99}} | spec: retrain.augmentation.cutout must be in [0, 64], but was 99
          retrain unknown key        | retrain: {augmentation: {rotate: 5}} | spec: unknown key retrain.augmentation.rotate; allowed keys here: shift, flip, cutout
          flips the data forbids     | retrain: {augmentation: {flip: true}} | spec: retrain.augmentation.flip must be false: dataset.horizontalFlip does not say
          retrain batch size         | retrain: {batchSize: 0}            | spec: retrain.batchSize must be in [1, 8192], but was 0
          duplicate key              | seed: 1\\nseed: 2                  | spec: not valid YAML at line
          broken yaml                | blocks: [unclosed                  | spec: not valid YAML at line
          huge integer, not wrapped  | @classes: 99999999999999999999     | spec: classes must be in [2, 100000], but was 99999999999999999999
          int beyond 2^32, not cut   | @classes: 4294967306               | spec: classes must be in [2, 100000], but was 4294967306
          seed 1e300, not clamped    | seed: 1e300                        | spec: seed must be in [-9223372036854775808, 9223372036854775807], but was 1e300
          seed beyond a long         | seed: -99999999999999999999        | spec: seed must be in [-9223372036854775808, 9223372036854775807], but was -99999999999999999999
          fractional seed            | seed: 2.50                         | spec: seed must be an integer, but was 2.50
          index beyond an int        | search: {generations: 3e9}         | spec: search.generations must be in [1, 1000000], but was 3e9
          rate as written            | training: {learningRate: [1.5e300]} | spec: training.learningRate[0] must be in (0.0, 10.0], but was 1.5e300
          """)
  void malformedSpecsNameTheirKeyPath(String what, String change, String expectedStart) {
    String yaml = apply(change.replace("\\n", "\n"));
    SpecException e = assertThrows(SpecException.class, () -> parse(yaml), what);
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  /** Appends a section, or with a leading {@code @} replaces the line with the same key. */
  private static String apply(String change) {
    if (!change.startsWith("@")) {
      return MINIMAL + change + "\n";
    }
    String line = change.substring(1);
    String key = line.substring(0, line.indexOf(':') + 1);
    StringBuilder out = new StringBuilder();
    for (String l : MINIMAL.split("\n")) {
      out.append(l.startsWith(key) ? line : l).append('\n');
    }
    return out.toString();
  }

  @Test
  void unreadableFileGivesOneLine(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder.yaml"));
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(folder));
    assertTrue(e.getMessage().startsWith("spec file " + folder + ": cannot be read"));
  }

  @Test
  void wholeNumbersWrittenWithAnExponentAreIntegers() throws SpecException {
    SearchSpec spec = parse(MINIMAL + "seed: 1e18\nsearch: {population: 1.6e1}\n");
    assertEquals(1_000_000_000_000_000_000L, spec.seed());
    assertEquals(16, spec.search().population());
  }

  @Test
  void aBinaryOrNonUtf8FileIsNotText(@TempDir Path dir) throws IOException {
    Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(binary));
    assertEquals(
        "spec file " + binary + ": not a text file in UTF-8 (byte 0xff on line 1)", e.getMessage());
    Path latin1 =
        Files.write(
            dir.resolve("latin1.yaml"),
            "seed: 1\n# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    e = assertThrows(SpecException.class, () -> SpecReader.read(latin1));
    assertEquals(
        "spec file " + latin1 + ": not a text file in UTF-8 (byte 0xe9 on line 2)", e.getMessage());
    Path nul = Files.write(dir.resolve("nul.yaml"), "seed: 1\n\n\0".getBytes());
    e = assertThrows(SpecException.class, () -> SpecReader.read(nul));
    assertEquals(
        "spec file " + nul + ": not a text file in UTF-8 (byte 0x00 on line 3)", e.getMessage());
  }

  @Test
  void aByteOrderMarkIsSkipped(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFF" + MINIMAL);
    assertEquals(parse(MINIMAL), SpecReader.read(file));
  }

  @Test
  void aHugeFileIsRefusedWithoutReadingItAll(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    Files.write(file, new byte[SpecReader.MAX_SPEC_BYTES + 1]);
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file));
    assertEquals(
        "spec file " + file + ": too large for a spec (more than 1,048,576 bytes)", e.getMessage());
  }

  /**
   * A rung without the average over a budget with one: the journal's copy must say 0, not omit it.
   */
  @Test
  void aRungCanTurnTheWeightAverageOffAndItsSpecReadsBack() throws Exception {
    SearchSpec s =
        parse(
            MINIMAL
                + """
                search: {strategy: regularized}
                budget: {trainSize: 1000, valSize: 500, maxEpochs: 2, emaDecay: 0.99}
                rungs:
                  eta: 2
                  levels:
                    - {maxEpochs: 4, emaDecay: 0}
                    - {maxEpochs: 8}
                """);
    assertEquals(0.99, s.budget().emaDecay());
    assertEquals(0, s.rungs().levels().get(0).emaDecay());
    assertEquals(0, s.rungs().levels().get(1).emaDecay(), "kept from the rung below");
    String json = Json.mapper().writeValueAsString(SpecWriter.toTree(s));
    assertEquals(s, SpecReader.parse(json, "json", null));
  }

  @Test
  void rungsChangeTheRungBelowOrTheRetrainRecipeAndContinuingRungsKeepRungZerosValidation()
      throws Exception {
    String spec =
        MINIMAL
            + """
            search: {strategy: regularized}
            budget: {trainSize: 1000, valSize: 500, maxEpochs: 2, batchSize: 128}
            retrain: {maxEpochs: 30, weightDecay: 0.05, augmentation: {shift: 2}}
            rungs:
              eta: 2
              levels:
                - {trainSize: 2000, maxEpochs: 4}
                - {from: retrain, timeLimitSeconds: 360}
            """;
    SearchSpec s = parse(spec);
    assertEquals(Rungs.Promotion.CONTINUE, s.rungs().promotion());
    assertEquals(Rungs.Peers.ALL, s.rungs().peers(), "successive halving as published");
    TrainingRecipe one = s.rungs().levels().get(0);
    assertEquals(OptionalInt.of(2000), one.trainSize());
    assertEquals(4, one.maxEpochs());
    assertEquals(OptionalInt.of(500), one.valSize(), "kept from the rung below");
    TrainingRecipe top = s.rungs().levels().get(1);
    assertEquals(
        s.retrain().withValSize(OptionalInt.of(500)).withTimeLimitSeconds(OptionalInt.of(360)),
        top);
    assertEquals(0.05, top.weightDecay());
    assertEquals(OptionalInt.of(128), one.batchSize(), "kept from the rung below");
    assertEquals(OptionalInt.empty(), top.batchSize(), "the retrain recipe's: the architecture's");
    String json = Json.mapper().writeValueAsString(SpecWriter.toTree(s));
    assertEquals(s, SpecReader.parse(json, "json", null), "the journal's copy reads back");

    SpecException other =
        assertThrows(
            SpecException.class,
            () -> parse(spec.replace("- {trainSize: 2000,", "- {valSize: 600, trainSize: 2000,")));
    assertTrue(
        other.getMessage().startsWith("spec: rungs.levels[0].valSize must be budget.valSize (500)"),
        other.getMessage());
    SearchSpec restart =
        parse(
            spec.replace("eta: 2", "eta: 2\n  promotion: restart")
                .replace("- {trainSize: 2000,", "- {valSize: 600, trainSize: 2000,"));
    assertEquals(Rungs.Promotion.RESTART, restart.rungs().promotion());
    assertEquals(OptionalInt.of(600), restart.rungs().levels().get(1).valSize());
    SearchSpec byDepth = parse(spec.replace("eta: 2", "eta: 2\n  peers: depth"));
    assertEquals(Rungs.Peers.DEPTH, byDepth.rungs().peers());
    assertEquals(
        byDepth,
        SpecReader.parse(
            Json.mapper().writeValueAsString(SpecWriter.toTree(byDepth)), "json", null));
    SearchSpec byKind =
        parse(
            spec.replace("eta: 2", "eta: 2\n  peers: depth-kind")
                .replace("{strategy: regularized}", "{evolution: {niches: depth-kind}}"));
    assertEquals(Rungs.Peers.DEPTH_KIND, byKind.rungs().peers());
    assertEquals(Rungs.Peers.DEPTH_KIND, byKind.search().evolution().niches());
    assertEquals(
        byKind,
        SpecReader.parse(
            Json.mapper().writeValueAsString(SpecWriter.toTree(byKind)), "json", null));
    SpecException peers =
        assertThrows(
            SpecException.class, () -> parse(spec.replace("eta: 2", "eta: 2\n  peers: width")));
    assertTrue(peers.getMessage().startsWith("spec: rungs.peers "), peers.getMessage());
    assertEquals(Rungs.Peers.ALL, s.search().evolution().niches(), "one tournament pool");
    SearchSpec niched =
        parse(spec.replace("{strategy: regularized}", "{evolution: {niches: depth}}"));
    assertEquals(Rungs.Peers.DEPTH, niched.search().evolution().niches());
    assertEquals(
        niched,
        SpecReader.parse(
            Json.mapper().writeValueAsString(SpecWriter.toTree(niched)), "json", null));
    SpecException niches =
        assertThrows(
            SpecException.class,
            () -> parse(spec.replace("{strategy: regularized}", "{evolution: {niches: kernel}}")));
    assertTrue(
        niches.getMessage().startsWith("spec: search.evolution.niches "), niches.getMessage());
    SpecException from =
        assertThrows(
            SpecException.class, () -> parse(spec.replace("from: retrain", "from: budget")));
    assertEquals(
        "spec: rungs.levels[1].from must be retrain (the final training's recipe), but was budget",
        from.getMessage());
  }

  @Test
  void theRandomStartIsPlainUnlessStratifiedByTheNicheGroups() throws Exception {
    String spec = MINIMAL + "search: {strategy: regularized, evolution: {niches: depth-type}}\n";
    assertEquals(EvolutionStart.RANDOM, parse(spec).search().evolution().start());
    SearchSpec stratified = parse(spec.replace("depth-type}", "depth-type, start: stratified}"));
    assertEquals(EvolutionStart.STRATIFIED, stratified.search().evolution().start());
    assertEquals(
        stratified,
        SpecReader.parse(
            Json.mapper().writeValueAsString(SpecWriter.toTree(stratified)), "json", null));
    SpecException unknown =
        assertThrows(
            SpecException.class,
            () -> parse(spec.replace("depth-type}", "depth-type, start: latin}")));
    assertTrue(
        unknown.getMessage().startsWith("spec: search.evolution.start "), unknown.getMessage());
    SpecException noNiches =
        assertThrows(
            SpecException.class,
            () -> parse(spec.replace("niches: depth-type}", "start: stratified}")));
    assertEquals(
        "spec: search.evolution.start: stratified needs search.evolution.niches (its groups are the"
            + " strata), but niches is all",
        noNiches.getMessage());
  }

  @Test
  void theNichesShareChildrenUnlessTheSpecSaysTime() throws Exception {
    String spec = MINIMAL + "search: {strategy: regularized, evolution: {niches: depth-type}}\n";
    assertEquals(NicheShare.CHILDREN, parse(spec).search().evolution().nicheShare());
    SearchSpec time = parse(spec.replace("depth-type}", "depth-type, nicheShare: time}"));
    assertEquals(NicheShare.TIME, time.search().evolution().nicheShare());
    assertEquals(
        time,
        SpecReader.parse(Json.mapper().writeValueAsString(SpecWriter.toTree(time)), "json", null));
    SpecException unknown =
        assertThrows(
            SpecException.class,
            () -> parse(spec.replace("depth-type}", "depth-type, nicheShare: memory}")));
    assertTrue(
        unknown.getMessage().startsWith("spec: search.evolution.nicheShare "),
        unknown.getMessage());
    SpecException noNiches =
        assertThrows(
            SpecException.class,
            () -> parse(spec.replace("niches: depth-type}", "nicheShare: time}")));
    assertEquals(
        "spec: search.evolution.nicheShare: time needs search.evolution.niches (the groups that"
            + " share the time), but niches is all",
        noNiches.getMessage());
  }

  @Test
  void theSearchStartsFromTheArchitecturesItNamesOrSaysWhyNot() throws Exception {
    String spec =
        MINIMAL
            + "training: {learningRate: [1.0e-3, 3.0e-3]}\n"
            + "search:\n  initial:\n"
            + "    - {architecture: 'c5x32 relu | d128 relu | out10', learningRate: 3.0e-3}\n";
    SearchSpec read = parse(spec);
    assertEquals(
        List.of(
            new InitialCandidate(
                "c5x32 relu | d128 relu | out10",
                OptionalDouble.of(3e-3),
                OptionalInt.empty(),
                Optional.empty())),
        read.search().initial());
    assertEquals(
        read,
        SpecReader.parse(Json.mapper().writeValueAsString(SpecWriter.toTree(read)), "json", null));
    Architecture first =
        SearchSpace.of(read).decode(SearchSpace.of(read).initialGenotypes().get(0));
    assertEquals("c5x32 relu | d128 relu | out10", Notation.format(first.layers()));
    assertEquals(3e-3, first.training().learningRate());

    String entry = "    - {architecture: 'c5x32 relu | d128 relu | out10', learningRate: 3.0e-3}";
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put(
        "    - c5x32 relu | d128 relu | out10",
        "spec: search.initial[0]: give learningRate (training.learningRate has 2 choices [0.001,"
            + " 0.003])");
    errors.put(
        entry.replace("c5x32", "c7x32"),
        "spec: search.initial[0]: layer 0 (c7x32): kernel 7 is not one of block0.kernel's choices"
            + " [3, 5]");
    errors.put(
        entry.replace("d128 relu", "d128 relu | foo"),
        "spec: search.initial[0]: notation token 'foo' (layer 4): expected a layer such as c3x32,"
            + " sc3x64s2v, bn, max2, avg3s2, gap, res(...), br(...; ...), d128, drop0.5, out10 or"
            + " an activation [relu, leakyrelu, elu, swish, tanh]");
    errors.put(
        entry + "\n" + entry, "spec: search.initial[1] is the same network as search.initial[0]");
    errors.put(
        entry.replace("learningRate", "lr"),
        "spec: unknown key search.initial[0].lr; allowed keys here: architecture, learningRate,"
            + " batchSize, optimizer");
    errors.put(
        "    - 5",
        "spec: search.initial[0] must be a network in notation or a mapping with key"
            + " architecture, but was number");
    errors.put(
        entry + "\nconstraints: {maxParams: 1000}",
        "spec: search.initial[0]: c5x32 relu | d128 relu | out10 would never be trained:"
            + " 3,213,514 parameters exceed constraints.maxParams 1,000");
    errors.put(
        entry.replace("'c5x32 relu", "\"c5x32\\u001b[2J relu").replace("out10'", "out10\""),
        "spec: search.initial[0]: notation token 'c5x32\\u001b[2J' (layer 0): expected a layer such"
            + " as c3x32, sc3x64s2v, bn, max2, avg3s2, gap, res(...), br(...; ...), d128, drop0.5,"
            + " out10 or an activation [relu, leakyrelu, elu, swish, tanh]");
    for (Map.Entry<String, String> e : errors.entrySet()) {
      String bad = spec.replace(entry + "\n", e.getKey() + "\n");
      SpecException thrown = assertThrows(SpecException.class, () -> parse(bad), e.getKey());
      assertEquals(e.getValue(), thrown.getMessage());
    }
  }

  @Test
  void theDefaultSpecsCommentedInitialExampleIsANetworkOfItsSpace() throws Exception {
    String text =
        SpecReader.defaultSpecText()
            .replace("  # initial: ", "  initial:   ")
            .replace("  #   - {architecture", "    - {architecture");
    assertFalse(text.equals(SpecReader.defaultSpecText()), "the example is in the default spec");
    SearchSpec spec = parse(text);
    assertEquals(1, spec.search().initial().size());
    assertEquals(1, SearchSpace.of(spec).initialGenotypes().size());
  }

  @Test
  void controlCharactersFromTheFileAreEscapedSoTheMessageStaysOneLine() {
    SpecException e =
        assertThrows(
            SpecException.class,
            () -> SpecReader.parse("{\"se\\ned\\u001b[31m\": 1}", "spec", null));
    assertEquals(
        "spec: unknown key se\\ned\\u001b[31m; allowed keys here: dataset, input, classes, blocks,"
            + " head, training, budget, search, constraints, seed, retrain, rungs",
        e.getMessage());
  }

  @Test
  void aSmallPopulationGetsASmallEnoughTournamentAndItsSpecReadsBack() throws Exception {
    for (String search :
        List.of("search: {population: 2}", "search: {population: 3, evolution: {}}")) {
      SearchSpec spec = parse(MINIMAL + search + "\n");
      assertEquals(spec.search().population(), spec.search().evolution().tournamentSize());
      String json = Json.mapper().writeValueAsString(SpecWriter.toTree(spec));
      assertEquals(spec, SpecReader.parse(json, "json", null));
    }
    assertEquals(4, parse(MINIMAL).search().evolution().tournamentSize());
  }
}
