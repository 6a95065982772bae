package io.nas4j.search.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.data.Datasets;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.evaluator.dl4j.Augmentation;
import io.nas4j.evaluator.dl4j.SavedModels;
import io.nas4j.evaluator.dl4j.TestScore;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.evaluator.dl4j.TrainingData;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Training;
import io.nas4j.space.files.AtomicFiles;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.CandidateBudget;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.spec.RateSchedule;
import io.nas4j.space.spec.SearchSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas train}: retrains a ranked architecture of a run (or one from a JSON file) on the full
 * training data minus a validation split for early stopping, scores it once on the test set, and
 * saves the model. {@code --reproduce} instead repeats the search's own training of that candidate
 * (its subset, budget and seed) to check the search's validation accuracy.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Retrain an architecture on the full training data and measure its test accuracy.",
      "Writes model.zip (plain DL4J ModelSerializer file with its input normaliser),"
          + " architecture.json, dl4j-config.json and metrics.json into RUN/train/<rank>/."
    })
final class TrainCommand implements Callable<Integer> {

  static final String METRICS = "metrics.json";

  /** The folder, next to metrics.json, of every seed's model when an ensemble is scored. */
  static final String MODELS = "models";

  private static final List<String> REPRODUCE_CONFLICTS =
      List.of(
          "--data",
          "--seed",
          "--seeds",
          "--epochs",
          "--patience",
          "--min-delta",
          "--train-size",
          "--val-size",
          "--shift",
          "--no-augment",
          "--cutout",
          "--label-smoothing",
          "--weight-decay",
          "--lr-schedule",
          "--lr-decay",
          "--batch-size",
          "--learning-rate",
          "--time-limit",
          "--shortlist");

  private static final List<String> SHORTLIST_OPTIONS =
      List.of("--shortlist-time", "--shortlist-train-size", "--ensemble-top");

  @Spec CommandSpec command;

  @Mixin SourceOptions source = new SourceOptions();

  @Option(
      names = "--data",
      paramLabel = "SPEC|DIR",
      description =
          "Spec file, 'fashion-mnist' or dataset folder (default with RUN: the run's dataset).")
  String data;

  @Option(
      names = "--epochs",
      defaultValue = "30",
      description = "Maximum epochs per seed (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--patience",
      defaultValue = "5",
      description =
          "Stop after this many epochs without a validation-accuracy gain (default:"
              + " ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--min-delta",
      defaultValue = "0",
      description = "Smallest validation-accuracy gain that counts (default: ${DEFAULT-VALUE}).")
  double minDelta;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description =
          "Train this many times with seeds SEED, SEED+1, ... (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "P",
      description =
          "Train up to P seeds (and --shortlist trials) at once, each with --threads ND4J threads"
              + " and its own time limit (on a small CPU, two trainings of one thread each train"
              + " more images per second than one of two; default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--seed",
      description = "First seed (default: the candidate's seed in the run, 42 with --arch).")
  Long seed;

  @Option(
      names = "--val-size",
      description = "Validation images held out for early stopping (default: 10% of training).")
  Integer valSize;

  @Option(
      names = "--train-size",
      description =
          "Train on a stratified subset of this many images (default: all but the validation"
              + " images).")
  Integer trainSize;

  @Option(
      names = "--shift",
      defaultValue = "2",
      description =
          "Augmentation: random shifts of up to this many pixels (default: ${DEFAULT-VALUE}).")
  int shift;

  @Option(
      names = "--no-augment",
      description = "No shifts and no flips (flips happen only if the spec's dataset allows them).")
  boolean noAugment;

  @Option(
      names = "--cutout",
      defaultValue = "0",
      paramLabel = "PIXELS",
      description =
          "Augmentation: blacken a square of this side at a random place in half of the training"
              + " images (0 = none; default: ${DEFAULT-VALUE}).")
  int cutout;

  @Option(
      names = "--label-smoothing",
      defaultValue = "0",
      paramLabel = "E",
      description =
          "Train towards 1 - E + E/classes for the true class and E/classes for the others"
              + " instead of one-hot targets (0 = one-hot; default: ${DEFAULT-VALUE}).")
  double labelSmoothing;

  @Option(
      names = "--weight-decay",
      defaultValue = "0",
      paramLabel = "W",
      description =
          "Decoupled weight decay (as in AdamW): after every mini-batch each weight (not biases or"
              + " batch-norm parameters) shrinks by W times the current learning rate (0 = none;"
              + " default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--lr-schedule",
      defaultValue = "cosine",
      paramLabel = "cosine|plateau|constant",
      description =
          "cosine: decay the learning rate to 0 over the whole epochs that fit in --epochs and"
              + " --time-limit (no epoch is started that would not finish); plateau: multiply it by"
              + " --lr-decay after every epoch without a validation-accuracy gain; constant"
              + " (default: ${DEFAULT-VALUE}).")
  String lrSchedule;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "Mini-batch size instead of the architecture's own (e.g. 128: on CPUs larger batches"
              + " train more images per second).")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR",
      description = "Initial learning rate instead of the architecture's own.")
  Double learningRate;

  @Option(
      names = "--lr-decay",
      paramLabel = "F",
      description = "With --lr-schedule plateau: the factor in (0, 1) (default: 0.5).")
  Double lrDecay;

  @Option(
      names = {"--time-limit"},
      paramLabel = "TIME",
      description = "Wall-time limit per seed: minutes, or e.g. 90s, 30m, 2h (default: none).")
  String timeLimit;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "ND4J threads (default: OMP_NUM_THREADS or all cores).")
  int threads;

  @Option(
      names = "--tta",
      paramLabel = "flip|none",
      description =
          "Test-time augmentation: flip = also score each test image's prediction averaged with"
              + " its mirror image's, reported next to the plain test accuracy (default: flip when"
              + " the spec's dataset allows flips, else none).")
  String tta;

  @Option(
      names = "--shortlist",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "Before training, give K architectures from the top of the run's ranking (the best of"
              + " each depth first, then the next best) a trial of --shortlist-time each on"
              + " --shortlist-train-size images, and train the one with the best validation"
              + " accuracy; writes RUN/train/best-of-K/ (default: 0, train --rank).")
  int shortlist;

  @Option(
      names = "--shortlist-time",
      paramLabel = "TIME",
      defaultValue = "2m",
      description = "Wall time of each shortlist trial (default: ${DEFAULT-VALUE}).")
  String shortlistTime;

  @Option(
      names = "--shortlist-train-size",
      paramLabel = "N",
      defaultValue = "20000",
      description =
          "Training images of each shortlist trial, a stratified subset (default:"
              + " ${DEFAULT-VALUE}, at most the training split).")
  int shortlistTrainSize;

  @Option(
      names = "--ensemble-top",
      paramLabel = "T",
      defaultValue = "1",
      description =
          "With --shortlist: also train the architectures of the next T-1 best trials (--seeds"
              + " seeds each, all --parallel at a time) and score every model as one ensemble;"
              + " model.zip stays the best trial's (default: ${DEFAULT-VALUE}).")
  int ensembleTop;

  @Option(
      names = "--reproduce",
      description =
          "Repeat the search's own training of the candidate (its subset, budget and seed) and"
              + " compare validation accuracies; writes RUN/train/<rank>-reproduce/.")
  boolean reproduce;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: RUN/train/<rank>, or runs/arch-<key> with --arch).")
  Path out;

  /** Whether test images are also scored averaged with their mirror images ({@code --tta}). */
  private boolean mirrorTest;

  /** {@link #timeLimit} checked and in seconds (a week when not given). */
  private int timeLimitSeconds;

  /** {@link #shortlistTime} checked and in seconds. */
  private int shortlistSeconds;

  /** The shortlist trials, in rank order (empty without {@code --shortlist}). */
  private List<Shortlist.Trial> trials = List.of();

  /**
   * One seed's training and test scores; {@code mirrored} is the test score with each prediction
   * averaged with its mirror image's (null without {@code --tta flip}).
   */
  record SeedRun(long seed, EvaluationResult result, TestScore test, TestScore mirrored) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter console = command.commandLine().getOut();
    checkOptions();
    Sources.Selected selected = source.select();
    Architecture architecture = withTraining(selected.architecture());
    DatasetSpec dataset =
        data != null
            ? Sources.data(data)
            : selected.journal().orElseThrow().header().spec().dataset();
    mirrorTest = mirrorTest(dataset);
    Path folder = outputFolder(selected);
    if (Files.exists(folder.resolve(METRICS))) {
      throw new BadInputException(
          "%s already holds a trained model; remove it or choose another --out".formatted(folder));
    }
    try {
      Files.createDirectories(folder);
    } catch (java.io.IOException e) {
      throw new BadInputException("cannot create the output folder " + folder + ": " + e);
    }
    if (!Files.isWritable(folder)) {
      throw new BadInputException("the output folder " + folder + " is not writable");
    }
    Dl4jEvaluators.checkThreads(threads);
    long started = System.nanoTime();
    LabeledImages all = Datasets.load(dataset, architecture.input(), architecture.classes(), true);
    LabeledImages test =
        Datasets.load(dataset, architecture.input(), architecture.classes(), false);

    List<Shortlist.Trial> alsoTrained = List.of();
    if (shortlist > 0) {
      trials = trials(console, dataset, all);
      List<Shortlist.Trial> ranked = Shortlist.ranked(trials);
      if (ranked.isEmpty()) {
        command
            .commandLine()
            .getErr()
            .printf(
                "nas: every shortlisted architecture of %s failed its trial (reasons above)%n",
                source.run);
        return Nas.FAILURE;
      }
      Shortlist.Trial chosen = ranked.get(0);
      alsoTrained = ranked.subList(1, Math.min(ensembleTop, ranked.size()));
      selected = chosen.candidate();
      architecture = withTraining(selected.architecture());
      console.printf(
          "chosen: rank %d (trial val acc %.4f)%s%n%n",
          selected.rank(),
          chosen.result().bestValAccuracy(),
          alsoTrained.stream()
              .map(
                  t ->
                      ", and for the ensemble rank %d (%.4f)"
                          .formatted(t.candidate().rank(), t.result().bestValAccuracy()))
              .collect(java.util.stream.Collectors.joining()));
    }
    Plan plan = reproduce ? reproducePlan(selected) : trainPlan(selected, dataset, all);
    Splits.Split split =
        Splits.trainValidation(
            all, plan.budget().trainSize(), plan.budget().valSize(), plan.splitSeed());
    TrainingData prepared =
        TrainingData.of(split)
            .withAugmentation(plan.augmentation())
            .withLabelSmoothing(plan.labelSmoothing());
    Trainer trainer =
        new Trainer(prepared, trainerOptions(plan).withPlateauDecay(plan.plateauDecay()));
    console.printf(
        "training %s: %s%n  %,d training / %,d validation / %,d test images, augmentation %s,"
            + "%s batch %d, learning rate %s (%s),%s up to %d epochs (patience %d), %d seed(s)%n",
        selected.label(),
        architecture.notation(),
        prepared.trainSize(),
        prepared.validationSize(),
        test.size(),
        plan.augmentation().describe(),
        plan.labelSmoothing() > 0 ? " label smoothing " + plan.labelSmoothing() + "," : "",
        architecture.training().batchSize(),
        architecture.training().learningRate(),
        plan.describeSchedule(),
        plan.weightDecay() > 0 ? " weight decay " + plan.weightDecay() + "," : "",
        plan.budget().maxEpochs(),
        plan.budget().patience(),
        plan.seeds().size());
    List<Member> members = new ArrayList<>();
    for (long s : plan.seeds()) {
      members.add(new Member(selected, architecture, s));
    }
    for (Shortlist.Trial t : alsoTrained) {
      Architecture other = withTraining(t.candidate().architecture());
      List<Long> otherSeeds = trainPlan(t.candidate(), dataset, all).seeds();
      console.printf(
          "  and for the ensemble: rank %d: %s, %d seed(s)%n",
          t.candidate().rank(), other.notation(), otherSeeds.size());
      for (long s : otherSeeds) {
        members.add(new Member(t.candidate(), other, s));
      }
    }

    boolean severalArchitectures = !alsoTrained.isEmpty();
    List<Trained> trainedMembers =
        trainMembers(console, trainer, members, severalArchitectures, plan, prepared, test);
    List<Trained> trained = trainedMembers.subList(0, plan.seeds().size());
    others = trainedMembers.subList(plan.seeds().size(), trainedMembers.size());
    List<SeedRun> runs = trained.stream().map(Trained::run).toList();
    Trained best = null;
    for (Trained t : trained) {
      if (t.network() != null
          && (best == null
              || t.run().result().bestValAccuracy() > best.run().result().bestValAccuracy())) {
        best = t;
      }
    }
    SeedRun kept = best == null ? null : best.run();
    if (best != null) {
      SavedModels.write(
          folder.resolve("model.zip"),
          best.network(),
          prepared.normalizer(architecture.input().channels()),
          architecture);
      AtomicFiles.write(
          folder.resolve("dl4j-config.json"), best.network().getLayerWiseConfigurations().toJson());
    }
    ensemble = ensemble(trainedMembers, severalArchitectures, prepared, test, folder);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (kept == null) {
      AtomicFiles.write(
          folder.resolve(METRICS),
          Json.mapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(
                      metrics(selected, dataset, plan, prepared, test, runs, null, seconds))
              + "\n");
      command
          .commandLine()
          .getErr()
          .printf(
              "nas: every seed failed to train %s (reasons above and in %s)%n",
              selected.label(), folder.resolve(METRICS));
      return Nas.FAILURE;
    }
    AtomicFiles.write(
        folder.resolve("architecture.json"), ArchitectureJson.writePretty(architecture) + "\n");
    ObjectNode metrics = metrics(selected, dataset, plan, prepared, test, runs, kept, seconds);
    AtomicFiles.write(
        folder.resolve(METRICS),
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(metrics) + "\n");
    summary(console, selected, runs, kept, seconds, folder);
    return Nas.OK;
  }

  /**
   * One training: the architecture to train (the chosen one, or with {@code --ensemble-top} another
   * shortlisted one) and its seed.
   */
  private record Member(Sources.Selected selected, Architecture architecture, long seed) {}

  /** One member's run, and its network at the best epoch (null when the training failed). */
  private record Trained(Member member, SeedRun run, MultiLayerNetwork network) {}

  /**
   * The ensemble of every model that trained: their class probabilities averaged on the test
   * images, plainly and ({@code mirrorTest}) with flip TTA; each model saved under {@code models/}
   * as {@code files} says.
   */
  record Ensemble(List<Trained> members, List<String> files, TestScore test, TestScore mirrored) {

    /** The distinct search ranks of the members, in member order. */
    List<Integer> ranks() {
      return members.stream().map(m -> m.member().selected().rank()).distinct().toList();
    }
  }

  /** The ensemble of the models that trained, when two or more did (null otherwise). */
  private Ensemble ensemble;

  /** The trainings of the other architectures ({@code --ensemble-top}), failed ones included. */
  private List<Trained> others = List.of();

  /**
   * Trains every member, up to {@link #parallel} at once (console lines name the rank with {@code
   * severalArchitectures}); results in member order.
   */
  private List<Trained> trainMembers(
      PrintWriter console,
      Trainer trainer,
      List<Member> members,
      boolean severalArchitectures,
      Plan plan,
      TrainingData prepared,
      LabeledImages test)
      throws Exception {
    List<Callable<Trained>> tasks = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      String prefix =
          "  %sseed %d (%d/%d)"
              .formatted(
                  severalArchitectures ? "rank %d ".formatted(m.selected().rank()) : "",
                  m.seed(),
                  i + 1,
                  members.size());
      tasks.add(() -> trainMember(console, trainer, m, plan, prepared, test, prefix));
    }
    return inParallel(tasks);
  }

  private Trained trainMember(
      PrintWriter console,
      Trainer trainer,
      Member member,
      Plan plan,
      TrainingData prepared,
      LabeledImages test,
      String prefix) {
    long s = member.seed();
    Architecture architecture = member.architecture();
    Trainer.Outcome outcome =
        trainer.train(
            new Candidate(architecture, plan.budget(), s),
            plan.stopHook(),
            e ->
                console.printf(
                    "%s epoch %3d  train loss %.4f  val acc %.4f  %6.0f s%n",
                    prefix, e.epoch(), e.trainLoss(), e.valAccuracy(), e.seconds()));
    EvaluationResult result = outcome.result();
    boolean stoppedAsPlanned = plan.stopAfterEpoch() > 0 && result.status() == Status.PRUNED;
    if ((result.status() != Status.OK && !stoppedAsPlanned) || outcome.network().isEmpty()) {
      console.printf("%s failed: %s%n", prefix, result.error().orElse(result.stopReason()));
      return new Trained(member, new SeedRun(s, result, null, null), null);
    }
    MultiLayerNetwork network = outcome.network().get();
    DataNormalization normalizer = prepared.normalizer(architecture.input().channels());
    TestScore score = SavedModels.evaluate(network, normalizer, test);
    TestScore mirrored = mirrorTest ? SavedModels.evaluate(network, normalizer, test, true) : null;
    console.printf(
        "%s done: best epoch %d of %d (%s), val acc %.4f, test acc %.4f%s, %.1f min%n",
        prefix,
        result.bestEpoch().orElse(0),
        result.epochsRun(),
        result.stopReason(),
        result.bestValAccuracy(),
        score.accuracy(),
        mirrored == null ? "" : " (%.4f with flip TTA)".formatted(mirrored.accuracy()),
        result.seconds() / 60);
    console.flush();
    return new Trained(member, new SeedRun(s, result, score, mirrored), network);
  }

  /**
   * The ensemble of the members that trained; their models are saved as {@code
   * models/seed-<seed>.zip}, or with {@code severalArchitectures} as {@code
   * models/rank-<rank>-seed-<seed>.zip}.
   */
  private Ensemble ensemble(
      List<Trained> trained,
      boolean severalArchitectures,
      TrainingData prepared,
      LabeledImages test,
      Path folder)
      throws java.io.IOException {
    List<Trained> members = trained.stream().filter(t -> t.network() != null).toList();
    if (members.size() < 2) {
      return null;
    }
    List<SavedModels.Loaded> models = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Path dir = folder.resolve(MODELS);
    Files.createDirectories(dir);
    for (Trained t : members) {
      Architecture architecture = t.member().architecture();
      DataNormalization normalizer = prepared.normalizer(architecture.input().channels());
      models.add(new SavedModels.Loaded(t.network(), normalizer, Optional.of(architecture)));
      String file =
          (severalArchitectures ? "rank-%d-".formatted(t.member().selected().rank()) : "")
              + "seed-"
              + t.member().seed()
              + ".zip";
      files.add(file);
      SavedModels.write(dir.resolve(file), t.network(), normalizer, architecture);
    }
    TestScore score = SavedModels.evaluate(models, test, false);
    TestScore mirrored = mirrorTest ? SavedModels.evaluate(models, test, true) : null;
    return new Ensemble(members, files, score, mirrored);
  }

  /**
   * {@code --tta} checked against the dataset: flip only where a mirrored image keeps its label.
   */
  private boolean mirrorTest(DatasetSpec dataset) throws BadInputException {
    if (tta == null) {
      return dataset.horizontalFlip();
    }
    if (tta.equals("flip") && !dataset.horizontalFlip()) {
      throw new BadInputException(
          "--tta flip needs a dataset whose images keep their label when mirrored"
              + " (dataset.horizontalFlip: true in the spec)");
    }
    return tta.equals("flip");
  }

  /** {@code searched} with {@code --batch-size} and {@code --learning-rate} applied. */
  private Architecture withTraining(Architecture searched) {
    Training training = searched.training();
    return Architecture.of(
        searched.input(),
        searched.layers(),
        Training.of(
            training.optimizer(),
            learningRate != null ? learningRate : training.learningRate(),
            batchSize != null ? batchSize : training.batchSize()));
  }

  /**
   * What to train: budget (with the learning-rate schedule), split seed, augmentation, label
   * smoothing (0 = one-hot targets), plateau decay (1 = none), weight decay (0 = none), seeds, and
   * the epoch after which to stop as pruned (0 = none).
   */
  record Plan(
      CandidateBudget budget,
      long splitSeed,
      Augmentation augmentation,
      double labelSmoothing,
      double plateauDecay,
      double weightDecay,
      List<Long> seeds,
      int stopAfterEpoch) {

    PruningHook stopHook() {
      return stopAfterEpoch > 0
          ? (epoch, accuracy) -> epoch >= stopAfterEpoch
          : PruningHook.never();
    }

    /** {@code cosine}, {@code plateau} or {@code constant}, as --lr-schedule names them. */
    String scheduleId() {
      if (budget.schedule() == RateSchedule.COSINE) {
        return "cosine";
      }
      return plateauDecay < 1 ? "plateau" : "constant";
    }

    String describeSchedule() {
      return switch (scheduleId()) {
        case "cosine" -> "cosine decay to 0 over the budget";
        case "plateau" -> "x" + plateauDecay + " after each epoch without a gain";
        default -> "constant";
      };
    }
  }

  private Plan trainPlan(Sources.Selected selected, DatasetSpec dataset, LabeledImages all)
      throws BadInputException {
    int validation = valSize != null ? valSize : Math.max(all.classes(), all.size() / 10);
    if (validation < 1 || validation >= all.size()) {
      throw new BadInputException(
          "--val-size must be in [1, %d) for %,d training images, but was %d"
              .formatted(all.size(), all.size(), validation));
    }
    int training = trainSize != null ? trainSize : all.size() - validation;
    if (training < 1 || training > all.size() - validation) {
      throw new BadInputException(
          "--train-size must be in [1, %d] (the %,d training images minus %d for validation), but was %d"
              .formatted(all.size() - validation, all.size(), validation, training));
    }
    int seconds = timeLimitSeconds;
    boolean cosine = lrSchedule.equals("cosine");
    CandidateBudget budget =
        new CandidateBudget(
            training,
            validation,
            epochs,
            patience,
            minDelta,
            seconds,
            cosine ? RateSchedule.COSINE : RateSchedule.CONSTANT);
    long splitSeed =
        selected.journal().map(j -> j.header().spec().seed()).orElse(seed == null ? 42 : seed);
    long first = seed != null ? seed : selected.candidate().map(CandidateEntry::seed).orElse(42L);
    Augmentation augmentation =
        noAugment ? Augmentation.none() : new Augmentation(shift, dataset.horizontalFlip(), cutout);
    double decay = lrSchedule.equals("plateau") ? plateauDecay() : 1;
    return new Plan(
        budget,
        splitSeed,
        augmentation,
        labelSmoothing,
        decay,
        weightDecay,
        seeds(first, seeds),
        0);
  }

  /**
   * The {@code --shortlist} trials: each shortlisted architecture trained for {@link
   * #shortlistSeconds} on a stratified subset of the training split (cosine schedule over the
   * epochs that fit, no patience stop, its search seed), scored on the same validation images as
   * the long training.
   */
  private List<Shortlist.Trial> trials(PrintWriter console, DatasetSpec dataset, LabeledImages all)
      throws Exception {
    List<Sources.Selected> candidates = Shortlist.candidates(source.run, shortlist);
    List<Callable<Shortlist.Trial>> tasks = new ArrayList<>();
    for (Sources.Selected candidate : candidates) {
      Plan plan = trainPlan(candidate, dataset, all);
      CandidateBudget full = plan.budget();
      CandidateBudget budget =
          new CandidateBudget(
              Math.min(shortlistTrainSize, full.trainSize()),
              full.valSize(),
              full.maxEpochs(),
              full.maxEpochs(), // no early stop: the cosine schedule's last epochs gain most
              full.minDelta(),
              shortlistSeconds,
              RateSchedule.COSINE);
      if (tasks.isEmpty()) {
        console.printf(
            "shortlist: %d architecture(s) of %s (the best of each depth first), each trained"
                + " %d s on %,d images (cosine), scored on %,d validation images%s%n",
            candidates.size(),
            source.run,
            shortlistSeconds,
            budget.trainSize(),
            budget.valSize(),
            parallel > 1 ? ", %d at a time".formatted(parallel) : "");
      }
      tasks.add(() -> trial(console, candidate, plan, budget, all));
    }
    return inParallel(tasks);
  }

  private Shortlist.Trial trial(
      PrintWriter console,
      Sources.Selected candidate,
      Plan plan,
      CandidateBudget budget,
      LabeledImages all)
      throws Exception {
    TrainingData data =
        TrainingData.of(
                Splits.trainValidation(all, budget.trainSize(), budget.valSize(), plan.splitSeed()))
            .withAugmentation(plan.augmentation())
            .withLabelSmoothing(plan.labelSmoothing());
    Trainer trainer = new Trainer(data, trainerOptions(plan));
    Architecture architecture = withTraining(candidate.architecture());
    EvaluationResult result =
        trainer
            .train(
                new Candidate(architecture, budget, plan.seeds().get(0)),
                PruningHook.never(),
                e -> {})
            .result();
    console.printf(
        "  rank %3d  %d conv  search %.4f  trial %s  %s%n",
        candidate.rank(),
        Shortlist.convolutions(architecture),
        candidate.candidate().orElseThrow().result().bestValAccuracy(),
        result.status() == Status.OK
            ? "%.4f (%d epochs, %.0f s)"
                .formatted(result.bestValAccuracy(), result.epochsRun(), result.seconds())
            : "failed: " + result.error().orElse(result.stopReason()),
        architecture.notation());
    console.flush();
    return new Shortlist.Trial(candidate, result);
  }

  /** Runs {@code tasks}, up to {@link #parallel} at once; their results in task order. */
  private <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
    List<T> out = new ArrayList<>();
    if (parallel == 1 || tasks.size() < 2) {
      for (Callable<T> task : tasks) {
        out.add(task.call());
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, tasks.size()));
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private Plan reproducePlan(Sources.Selected selected) {
    SearchSpec spec = selected.journal().orElseThrow().header().spec();
    CandidateEntry candidate = selected.candidate().orElseThrow();
    // A pruned candidate stopped after its last journaled epoch: stop there too, with the same
    // budget (a cosine schedule is planned over the budget's epochs).
    int stopAfter =
        candidate.result().status() == Status.PRUNED
            ? Math.max(1, candidate.result().epochsRun())
            : 0;
    return new Plan(
        spec.budget(),
        spec.seed(),
        Augmentation.none(),
        0,
        1,
        0,
        List.of(candidate.seed()),
        stopAfter);
  }

  /** What the trials and the final trainings share: ND4J threads and weight decay. */
  private Trainer.Options trainerOptions(Plan plan) {
    return Trainer.Options.defaults().withThreads(threads).withWeightDecay(plan.weightDecay());
  }

  private static List<Long> seeds(long first, int count) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(first + i);
    }
    return out;
  }

  private void checkOptions() throws BadInputException {
    if (source.arch != null && data == null) {
      throw new BadInputException("--arch needs --data (a spec file, 'fashion-mnist' or a folder)");
    }
    if (shortlist < 0) {
      throw new BadInputException(
          "--shortlist must be >= 1 (or 0: no shortlist), but was " + shortlist);
    }
    for (String option : SHORTLIST_OPTIONS) {
      if (shortlist == 0 && command.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new BadInputException(option + " goes with --shortlist K only");
      }
    }
    if (shortlist > 0 && source.run == null) {
      throw new BadInputException("--shortlist needs a RUN: it picks from the run's ranking");
    }
    if (shortlist > 0 && command.commandLine().getParseResult().hasMatchedOption("--rank")) {
      throw new BadInputException("--shortlist picks the architecture: drop --rank");
    }
    shortlistSeconds = (int) Durations.seconds("--shortlist-time", shortlistTime);
    positive("--shortlist-train-size", shortlistTrainSize);
    if (ensembleTop < 1 || (shortlist > 0 && ensembleTop > shortlist)) {
      throw new BadInputException(
          "--ensemble-top must be in [1, %d] (at most --shortlist), but was %d"
              .formatted(Math.max(1, shortlist), ensembleTop));
    }
    if (reproduce && source.run == null) {
      throw new BadInputException("--reproduce needs a RUN: it repeats the run's own training");
    }
    if (reproduce) {
      for (String option : REPRODUCE_CONFLICTS) {
        if (command.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new BadInputException(
              "--reproduce repeats the search's training with the run's data, split, budget and"
                  + " seed: drop "
                  + option);
        }
      }
    }
    timeLimitSeconds =
        timeLimit == null ? 7 * 24 * 3600 : (int) Durations.seconds("--time-limit", timeLimit);
    positive("--epochs", epochs);
    positive("--patience", patience);
    positive("--seeds", seeds);
    positive("--parallel", parallel);
    if (shift < 0 || shift > 8) {
      throw new BadInputException("--shift must be in [0, 8] pixels, but was " + shift);
    }
    if (cutout < 0 || cutout > 64) {
      throw new BadInputException("--cutout must be in [0, 64] pixels, but was " + cutout);
    }
    if (noAugment && cutout > 0) {
      throw new BadInputException("--cutout is an augmentation: drop --no-augment or --cutout");
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new BadInputException("--label-smoothing must be in [0, 1), but was " + labelSmoothing);
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new BadInputException("--weight-decay must be in [0, 1), but was " + weightDecay);
    }
    if (!(minDelta >= 0 && minDelta < 1)) {
      throw new BadInputException("--min-delta must be in [0, 1), but was " + minDelta);
    }
    plateauDecay();
    if (tta != null && !tta.equals("flip") && !tta.equals("none")) {
      throw new BadInputException("--tta must be flip or none, but was '" + tta + "'");
    }
    if (batchSize != null && batchSize < 1) {
      throw new BadInputException("--batch-size must be >= 1, but was " + batchSize);
    }
    if (learningRate != null && !(learningRate > 0 && learningRate < 10)) {
      throw new BadInputException("--learning-rate must be in (0, 10), but was " + learningRate);
    }
    if (threads < 0) {
      throw new BadInputException("--threads must be >= 0, but was " + threads);
    }
  }

  /** Checks --lr-schedule and --lr-decay; returns the plateau factor (0.5 unless given). */
  private double plateauDecay() throws BadInputException {
    if (!List.of("cosine", "plateau", "constant").contains(lrSchedule)) {
      throw new BadInputException(
          "--lr-schedule must be cosine, plateau or constant, but was '%s'".formatted(lrSchedule));
    }
    if (lrDecay != null && !lrSchedule.equals("plateau")) {
      throw new BadInputException("--lr-decay goes with --lr-schedule plateau only");
    }
    double decay = lrDecay == null ? 0.5 : lrDecay;
    if (!(decay > 0 && decay < 1)) {
      throw new BadInputException("--lr-decay must be in (0, 1), but was " + decay);
    }
    return decay;
  }

  private static void positive(String option, int value) throws BadInputException {
    if (value < 1) {
      throw new BadInputException(option + " must be >= 1, but was " + value);
    }
  }

  private Path outputFolder(Sources.Selected selected) {
    if (out != null) {
      return out;
    }
    String name =
        shortlist > 0 ? "best-of-" + shortlist : source.rank + (reproduce ? "-reproduce" : "");
    return selected
        .run()
        .map(r -> r.resolve("train").resolve(name))
        .orElse(Path.of("runs", "arch-" + selected.key()));
  }

  private ObjectNode metrics(
      Sources.Selected selected,
      DatasetSpec dataset,
      Plan plan,
      TrainingData prepared,
      LabeledImages test,
      List<SeedRun> runs,
      SeedRun kept,
      double seconds) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schemaVersion", 1);
    root.put("kind", reproduce ? "reproduce" : "train");
    root.put("created", Instant.now().toString());
    ObjectNode origin = root.putObject("source");
    if (selected.run().isPresent()) {
      CandidateEntry c = selected.candidate().orElseThrow();
      origin.put("run", selected.run().get().toString());
      origin.put("rank", selected.rank());
      origin.put("searchSeed", c.seed());
      origin.put("searchValAccuracy", c.result().bestValAccuracy());
      origin.put("searchStopReason", c.result().stopReason());
      origin.put("searchEpochs", c.result().epochsRun());
    } else {
      origin.put("architectureFile", source.arch.toString());
    }
    if (!trials.isEmpty()) {
      root.set("shortlist", shortlistTree(selected));
    }
    Analysis analysis = Analysis.of(selected.architecture());
    ObjectNode architecture = root.putObject("architecture");
    architecture.put("key", selected.key());
    architecture.put("notation", selected.architecture().notation());
    architecture.put("params", analysis.params());
    architecture.put("macs", analysis.macs());
    ObjectNode dataNode = root.putObject("data");
    dataNode.put("kind", dataset.kind().id());
    dataNode.put("path", dataset.path());
    dataNode.put("trainImages", prepared.trainSize());
    dataNode.put("validationImages", prepared.validationSize());
    dataNode.put("testImages", test.size());
    dataNode.put("splitSeed", plan.splitSeed());
    dataNode.put("augmentation", plan.augmentation().describe());
    ObjectNode settings = root.putObject("settings");
    settings.put("maxEpochs", plan.budget().maxEpochs());
    settings.put("patience", plan.budget().patience());
    settings.put("minDelta", plan.budget().minDelta());
    settings.put("timeLimitSeconds", plan.budget().timeLimitSeconds());
    Training training = withTraining(selected.architecture()).training();
    settings.put("batchSize", training.batchSize());
    settings.put("learningRate", training.learningRate());
    settings.put("learningRateSchedule", plan.scheduleId());
    settings.put("labelSmoothing", plan.labelSmoothing());
    settings.put("weightDecay", plan.weightDecay());
    settings.put("parallel", parallel);
    if (plan.plateauDecay() < 1) {
      settings.put("learningRateDecayOnPlateau", plan.plateauDecay());
    }
    ArrayNode seedsNode = root.putArray("seeds");
    for (SeedRun r : runs) {
      ObjectNode n = seedsNode.addObject();
      n.put("seed", r.seed());
      n.set("training", ResultJson.toTree(r.result()));
      if (r.test() != null) {
        n.set("test", testTree(r.test()));
      }
      if (r.mirrored() != null) {
        n.set("testFlipAveraged", testTree(r.mirrored()));
      }
    }
    TestAccuracies accuracies = TestAccuracies.of(runs, SeedRun::test);
    ObjectNode summary = root.putObject("summary");
    summary.put("seedsTrained", accuracies.n());
    summary.put("seedsFailed", runs.size() - accuracies.n());
    putNumber(summary, "testAccuracyMean", accuracies.mean());
    putNumber(summary, "testAccuracySd", accuracies.sd());
    putNumber(summary, "testAccuracyMin", accuracies.min());
    putNumber(summary, "testAccuracyMax", accuracies.max());
    summary.put("testTimeAugmentation", mirrorTest ? "flip" : "none");
    if (mirrorTest) {
      TestAccuracies flipped = TestAccuracies.of(runs, SeedRun::mirrored);
      putNumber(summary, "flipAveragedTestAccuracyMean", flipped.mean());
      putNumber(summary, "flipAveragedTestAccuracySd", flipped.sd());
      putNumber(summary, "flipAveragedTestAccuracyMin", flipped.min());
      putNumber(summary, "flipAveragedTestAccuracyMax", flipped.max());
    }
    if (kept == null) {
      root.putNull("model");
    } else {
      ObjectNode model = root.putObject("model");
      model.put("file", "model.zip");
      model.put("seed", kept.seed());
      model.put("chosenBy", "highest validation accuracy among the seeds");
      model.put("valAccuracy", kept.result().bestValAccuracy());
      model.put("testAccuracy", kept.test().accuracy());
      if (kept.mirrored() != null) {
        model.put("flipAveragedTestAccuracy", kept.mirrored().accuracy());
      }
      model.put("scoredInBatchesOf", SavedModels.BATCH);
      model.put(
          "input",
          "raw pixel values 0..255 as floats, N x C x H x W, through the normaliser in model.zip");
    }
    if (ensemble != null) {
      ObjectNode e = root.putObject("ensemble");
      e.put("folder", MODELS);
      e.put("combinedBy", "class probabilities averaged over the models");
      ArrayNode seedList = e.putArray("seeds");
      ensemble.members().forEach(m -> seedList.add(m.member().seed()));
      e.put("testAccuracy", ensemble.test().accuracy());
      e.set("test", testTree(ensemble.test()));
      if (ensemble.mirrored() != null) {
        e.put("flipAveragedTestAccuracy", ensemble.mirrored().accuracy());
        e.set("testFlipAveraged", testTree(ensemble.mirrored()));
      }
      e.put("architectures", ensemble.ranks().size());
      ArrayNode members = e.putArray("members");
      for (int i = 0; i < ensemble.members().size(); i++) {
        Trained t = ensemble.members().get(i);
        Sources.Selected s = t.member().selected();
        ObjectNode m = members.addObject();
        m.put("file", MODELS + "/" + ensemble.files().get(i));
        m.put("rank", s.rank());
        m.put("notation", s.architecture().notation());
        m.put("seed", t.member().seed());
        m.put("valAccuracy", t.run().result().bestValAccuracy());
        m.put("testAccuracy", t.run().test().accuracy());
        if (t.run().mirrored() != null) {
          m.put("flipAveragedTestAccuracy", t.run().mirrored().accuracy());
        }
      }
    }
    if (reproduce && kept != null) {
      double search = selected.candidate().orElseThrow().result().bestValAccuracy();
      summary.put("searchValAccuracy", search);
      summary.put("reproducedValAccuracy", kept.result().bestValAccuracy());
      summary.put("difference", kept.result().bestValAccuracy() - search);
    }
    root.put("seconds", seconds);
    ObjectNode provenance = root.putObject("provenance");
    Dl4jEvaluators.provenance(1).forEach(provenance::put);
    provenance.remove("parallel");
    return root;
  }

  /** The {@code --shortlist} trials for metrics.json; {@code chosen} is the one trained. */
  private ObjectNode shortlistTree(Sources.Selected chosen) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("size", shortlist);
    n.put(
        "picked", "the best-ranked architecture of each depth (convolutions), then the next best");
    n.put("timeLimitSecondsEach", shortlistSeconds);
    n.put("learningRateSchedule", "cosine");
    n.put("chosenBy", "highest validation accuracy in the trial");
    n.put("ensembleTop", ensembleTop);
    ArrayNode list = n.putArray("candidates");
    for (Shortlist.Trial t : trials) {
      ObjectNode c = list.addObject();
      Sources.Selected s = t.candidate();
      c.put("rank", s.rank());
      c.put("key", s.key());
      c.put("notation", s.architecture().notation());
      c.put("convolutions", Shortlist.convolutions(s.architecture()));
      c.put("searchValAccuracy", s.candidate().orElseThrow().result().bestValAccuracy());
      c.put("chosen", s.rank() == chosen.rank());
      c.put(
          "inEnsemble",
          ensemble != null
              && ensemble.members().stream()
                  .anyMatch(m -> m.member().selected().rank() == s.rank()));
      if (t.trained()) {
        c.put("trialValAccuracy", t.result().bestValAccuracy());
      } else {
        c.putNull("trialValAccuracy");
      }
      c.set("trial", ResultJson.toTree(t.result()));
      ArrayNode forEnsemble = null;
      for (Trained o : others) {
        if (o.member().selected().rank() == s.rank()) {
          forEnsemble = forEnsemble != null ? forEnsemble : c.putArray("ensembleTrainings");
          ObjectNode e = forEnsemble.addObject();
          e.put("seed", o.run().seed());
          e.set("training", ResultJson.toTree(o.run().result()));
          if (o.run().test() != null) {
            e.set("test", testTree(o.run().test()));
          }
          if (o.run().mirrored() != null) {
            e.set("testFlipAveraged", testTree(o.run().mirrored()));
          }
        }
      }
    }
    return n;
  }

  private static ObjectNode testTree(TestScore score) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("accuracy", score.accuracy());
    n.put("loss", score.loss());
    n.put("images", score.images());
    ObjectNode perClass = n.putObject("perClassAccuracy");
    double[] accuracy = score.perClassAccuracy();
    for (int c = 0; c < accuracy.length; c++) {
      putNumber(perClass, score.classNames().get(c), accuracy[c]);
    }
    ArrayNode names = n.putArray("classNames");
    score.classNames().forEach(names::add);
    ArrayNode confusion = n.putArray("confusion");
    for (int[] row : score.confusion()) {
      ArrayNode r = confusion.addArray();
      for (int v : row) {
        r.add(v);
      }
    }
    return n;
  }

  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  /** "2 threads" from an environment line such as "cpu (onednn, openblas) 2 threads, AMD EPYC". */
  static String threadsOf(String environment) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+ threads?)").matcher(environment);
    return m.find() ? m.group(1) : "an unknown number of threads";
  }

  /**
   * The test accuracies ({@code score}: plain or flip-averaged) of the seeds that trained: mean,
   * sample sd (n - 1), min, max; NaN if none.
   */
  record TestAccuracies(int n, double mean, double sd, double min, double max) {

    static TestAccuracies of(List<SeedRun> runs, Function<SeedRun, TestScore> score) {
      double[] values =
          runs.stream()
              .map(score)
              .filter(Objects::nonNull)
              .mapToDouble(TestScore::accuracy)
              .toArray();
      double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN);
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      return new TestAccuracies(
          values.length,
          mean,
          values.length < 2 ? Double.NaN : Math.sqrt(squares / (values.length - 1)),
          java.util.Arrays.stream(values).min().orElse(Double.NaN),
          java.util.Arrays.stream(values).max().orElse(Double.NaN));
    }
  }

  private void summary(
      PrintWriter console,
      Sources.Selected selected,
      List<SeedRun> runs,
      SeedRun kept,
      double seconds,
      Path folder) {
    TestAccuracies accuracies = TestAccuracies.of(runs, SeedRun::test);
    console.println();
    if (reproduce) {
      EvaluationResult search = selected.candidate().orElseThrow().result();
      console.printf(
          "search val acc %.4f (epoch %d of %d, %s); reproduced %.4f (epoch %d of %d, %s):"
              + " difference %+.4f%n",
          search.bestValAccuracy(),
          search.bestEpoch().orElse(0),
          search.epochsRun(),
          search.stopReason(),
          kept.result().bestValAccuracy(),
          kept.result().bestEpoch().orElse(0),
          kept.result().epochsRun(),
          kept.result().stopReason(),
          kept.result().bestValAccuracy() - search.bestValAccuracy());
      String searchThreads = threadsOf(search.environment());
      String ourThreads = threadsOf(kept.result().environment());
      if (!searchThreads.equals(ourThreads)) {
        console.printf(
            "note: the search trained with %s per candidate, this run with %s: floating-point"
                + " sums may run in another order, so small differences are expected (pass"
                + " --threads to match)%n",
            searchThreads, ourThreads);
      }
      if (search.stopReason().equals("time-limit")) {
        console.println(
            "note: the search stopped this candidate at its time limit, which depends on the"
                + " machine's speed; the epochs reached may differ");
      }
    }
    if (accuracies.n() > 1) {
      console.printf(
          "test accuracy %.4f ± %.4f (mean ± sd over %d seeds; min %.4f, max %.4f)%n",
          accuracies.mean(), accuracies.sd(), accuracies.n(), accuracies.min(), accuracies.max());
    } else {
      console.printf("test accuracy %.4f%n", accuracies.mean());
    }
    if (mirrorTest) {
      TestAccuracies flipped = TestAccuracies.of(runs, SeedRun::mirrored);
      console.printf(
          "test accuracy with flip TTA (each prediction averaged with its mirror image's) %.4f%s%n",
          flipped.mean(), flipped.n() > 1 ? " ± %.4f".formatted(flipped.sd()) : "");
    }
    if (ensemble != null) {
      console.printf(
          "ensemble of %s (class probabilities averaged): test acc %.4f%s%n  models: %s"
              + " (nas evaluate %s/*.zip scores it again)%n",
          ensemble.ranks().size() > 1
              ? "%d models of ranks %s"
                  .formatted(
                      ensemble.members().size(),
                      ensemble.ranks().stream()
                          .map(String::valueOf)
                          .collect(java.util.stream.Collectors.joining(", ")))
              : "the %d seeds".formatted(ensemble.members().size()),
          ensemble.test().accuracy(),
          ensemble.mirrored() == null
              ? ""
              : " (%.4f with flip TTA)".formatted(ensemble.mirrored().accuracy()),
          folder.resolve(MODELS),
          folder.resolve(MODELS));
    }
    console.printf(
        "model (seed %d, test acc %.4f): %s%nmetrics: %s%ntook %.1f min%n",
        kept.seed(),
        kept.test().accuracy(),
        folder.resolve("model.zip"),
        folder.resolve(METRICS),
        seconds / 60);
    console.flush();
  }
}
