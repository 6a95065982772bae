package io.nas4j.search.cli;

import io.nas4j.evaluator.dl4j.Dl4jModelTrainer;
import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.train.FinalTraining;
import io.nas4j.train.Output;
import io.nas4j.train.SearchRun;
import io.nas4j.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas train}: the command-line face of {@link FinalTraining}. It turns the options into a
 * {@link TrainingPlan} (a run's rank or best ranks, {@code --reproduce} or an architecture file;
 * the spec's {@code retrain} recipe, or the search's for {@code --reproduce}, changed by the recipe
 * options), runs it with DL4J and prints its progress ({@link ConsoleTraining}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Retrain an architecture on the full training data and measure its test accuracy.",
      "Writes model.zip (plain DL4J ModelSerializer file with its input normaliser),"
          + " architecture.json, dl4j-config.json and metrics.json into RUN/train/<key>/."
    })
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Mixin SourceOptions source = new SourceOptions();

  @Mixin RecipeOptions recipe = new RecipeOptions();

  @Mixin Workers workers = new Workers();

  @Option(
      names = "--data",
      paramLabel = "SPEC|DIR",
      description =
          "Spec file, 'fashion-mnist' or dataset folder (default with RUN: the run's dataset).")
  String data;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description = "Train each architecture N times, with seeds SEED, SEED+1, ... (default: 1).")
  Integer seeds;

  @Option(
      names = "--seed",
      description =
          "First seed (default: the candidate's seed in the run, 42 with --arch); with --arch"
              + " also the seed of the train/validation split.")
  Long seed;

  @Option(
      names = "--tta",
      paramLabel = "flip|none",
      converter = Converters.Tta.Converter.class,
      description =
          "Test-time augmentation: flip = also score each test image's prediction averaged with"
              + " its mirror image's, reported next to the plain test accuracy (default: flip when"
              + " the spec's dataset allows flips, else none).")
  Converters.Tta tta;

  @Option(
      names = "--ensemble-top",
      paramLabel = "T",
      defaultValue = "1",
      description =
          "Also train the architectures ranked 2..T, --seeds seeds each, all --parallel at a"
              + " time, and score the models as one ensemble (a model that lowers its validation"
              + " accuracy is left out); model.zip stays rank 1's (default: ${DEFAULT-VALUE}).")
  int ensembleTop;

  @Option(
      names = "--reproduce",
      description =
          "Train with the search's own recipe, split and seed instead of the retrain recipe, and"
              + " compare validation accuracies (recipe options still change it); writes"
              + " RUN/train/<key>-reproduce/.")
  boolean reproduce;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder, created if needed; never one that already holds a trained model"
              + " (default: a new RUN/train/<key>/, or runs/arch-<key>/ with --arch).")
  Path out;

  /** The run spec's section the recipe comes from ({@code retrain}, {@code budget}), or null. */
  private String recipeSection;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Sources.Selected selected = source.select();
    // Where the recipe's values come from when no option set them: the run's spec.
    recipeSection = selected.run().isEmpty() ? null : reproduce ? "budget" : "retrain";
    TrainingPlan plan;
    try {
      plan = plan(selected);
    } catch (InvalidFieldException e) {
      throw badInput(e);
    }
    Output output = output(selected);
    try {
      output.check();
    } catch (IllegalStateException e) {
      throw new BadInputException(e.getMessage().replace("another folder", "another --out"));
    }
    UserPaths.checkFolder(out != null ? "--out" : null, output.folder());
    Dl4jEvaluators.checkThreads(workers.threads);
    ConsoleTraining console = new ConsoleTraining(command.commandLine().getOut());
    FinalTraining.Result result;
    try {
      result =
          UserPaths.writing(
              output.folder(),
              () ->
                  FinalTraining.run(
                      plan, Dl4jModelTrainer.withThreads(workers.threads), output, console));
    } catch (InvalidFieldException e) {
      throw badInput(e);
    }
    if (!result.trained()) {
      List<String> reasons =
          result.report().trainings().stream()
              .flatMap(run -> run.training().error().stream())
              .distinct()
              .toList();
      command
          .commandLine()
          .getErr()
          .printf(
              "nas: every seed failed to train %s: %s (%s in %s)%n",
              selected.label(),
              reasons.isEmpty() ? "no reason recorded" : reasons.get(0),
              reasons.size() > 1 ? (reasons.size() - 1) + " other reason(s)" : "details",
              result.folder().resolve("metrics.json"));
      return Nas.FAILURE;
    }
    return Nas.OK;
  }

  /** The plan the options describe. */
  private TrainingPlan plan(Sources.Selected selected) throws Exception {
    TrainingPlan plan;
    if (selected.run().isEmpty()) {
      DatasetSpec dataset = Sources.data(data);
      plan =
          TrainingPlan.of(
              selected.trainee(),
              dataset,
              TrainingRecipe.retrainDefaults(dataset.horizontalFlip()),
              seed != null ? seed : TrainingPlan.DEFAULT_SEED);
    } else {
      SearchRun run = selected.run().get();
      if (reproduce) {
        plan = TrainingPlan.reproduce(run, source.rank);
      } else if (ensembleTop > 1) {
        plan = TrainingPlan.top(run, ensembleTop);
      } else {
        plan = TrainingPlan.rank(run, source.rank);
      }
      if (data != null) {
        plan = plan.withDataset(Sources.data(data));
      }
    }
    plan = plan.withRecipe(recipe.apply(plan.recipe())).withParallel(workers.parallel);
    if (seeds != null) {
      plan = plan.withSeeds(seeds);
    }
    if (seed != null) {
      plan = plan.withFirstSeed(seed);
    }
    if (tta != null) {
      plan = plan.withFlipTest(tta == Converters.Tta.FLIP);
    }
    return plan;
  }

  private Output output(Sources.Selected selected) {
    if (out != null) {
      return Output.at(out);
    }
    return selected
        .run()
        .map(r -> Output.in(r.folder().resolve("train")).withSuffix(reproduce ? "-reproduce" : ""))
        .orElse(Output.in(Path.of("runs")).withPrefix("arch-"));
  }

  private BadInputException badInput(InvalidFieldException e) {
    return switch (e.field()) {
      case "seeds" -> new BadInputException(e.messageFor("--seeds"));
      case "parallel" -> new BadInputException(e.messageFor("--parallel"));
      case "ensembleTop" -> new BadInputException(e.messageFor("--ensemble-top"));
      case "flipTest" -> new BadInputException(e.messageFor("--tta flip"));
      case "rank" -> new BadInputException(e.messageFor("--rank"));
      default -> recipe.refused(e, recipeSection);
    };
  }

  private void checkOptions() throws BadInputException {
    var parsed = command.commandLine().getParseResult();
    if (source.arch != null && data == null) {
      throw new BadInputException("--arch needs --data (a spec file, 'fashion-mnist' or a folder)");
    }
    if (ensembleTop < 1) {
      throw new BadInputException("--ensemble-top must be >= 1, but was " + ensembleTop);
    }
    if (ensembleTop > 1 && parsed.hasMatchedOption("--rank")) {
      throw new BadInputException("--ensemble-top T trains ranks 1 to T: drop --rank");
    }
    if (ensembleTop > 1 && (source.run == null || reproduce)) {
      throw new BadInputException(
          "--ensemble-top needs a RUN and trains its best architectures: drop it"
              + (reproduce ? " or --reproduce" : ""));
    }
    if (reproduce && source.run == null) {
      throw new BadInputException("--reproduce needs a RUN: it repeats the run's own training");
    }
    workers.check();
  }
}
