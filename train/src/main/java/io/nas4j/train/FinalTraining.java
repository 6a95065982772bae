package io.nas4j.train;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.ModelTrainer;
import io.nas4j.evaluator.ModelTrainer.Model;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.space.Provenance;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.files.AtomicFiles;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.result.TestScore;
import io.nas4j.space.training.TrainingReport;
import io.nas4j.space.training.TrainingReport.Data;
import io.nas4j.space.training.TrainingReport.Ensemble;
import io.nas4j.space.training.TrainingReport.SeedRun;
import io.nas4j.space.training.TrainingReport.Trainee;
import io.nas4j.space.training.TrainingReportCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * Trains the architectures of a {@link TrainingPlan} to keep: every seed of every architecture,
 * {@code parallel} at a time, each scored on the test set (and with flip test-time augmentation
 * when the plan says so). It saves the chosen architecture's best seed as {@code model.zip} (with
 * {@code architecture.json} and the backend's {@code dl4j-config.json}); with two or more trained
 * models, the ensemble chosen among them on the validation images under {@code models/} (also when
 * the choice keeps one model, unless that is {@code model.zip}'s); and the {@link TrainingReport}
 * as {@code metrics.json}.
 */
public final class FinalTraining {

  /** The backend's own configuration of the saved model. */
  public static final String CONFIGURATION = "dl4j-config.json";

  /** The saved architecture (with the recipe's batch size and learning rate). */
  public static final String ARCHITECTURE = "architecture.json";

  /** The folder of the ensemble's models. */
  public static final String MODELS = "models";

  /**
   * One training: an architecture and a seed, number {@code index} (from 1) of {@code count};
   * {@code severalArchitectures} when the trainings are of more than one architecture.
   */
  public record Member(
      Trainee trainee, long seed, int index, int count, boolean severalArchitectures) {}

  /** The final trainings are about to start. */
  public record Start(
      TrainingPlan plan,
      List<Trainee> trainees,
      TrainingRecipe.Sizes sizes,
      int testImages,
      List<Member> members) {}

  /** What was written where. {@link #trained()} is false when every training failed. */
  public record Result(Path folder, TrainingReport report) {
    public boolean trained() {
      return report.model().isPresent();
    }
  }

  private final TrainingPlan plan;
  private final ModelTrainer trainer;
  private final TrainingListener listener;
  private ModelTrainer.Session session;

  private FinalTraining(TrainingPlan plan, ModelTrainer trainer, TrainingListener listener) {
    this.plan = plan;
    this.trainer = trainer;
    this.listener = listener;
  }

  /**
   * Runs {@code plan} with {@code trainer}, writing into {@code output}.
   *
   * @throws IllegalStateException if {@code output} already holds a training
   * @throws io.nas4j.space.InvalidFieldException if the recipe's sizes do not fit the data
   */
  public static Result run(
      TrainingPlan plan, ModelTrainer trainer, Output output, TrainingListener listener)
      throws IOException, DatasetException {
    output.check();
    return new FinalTraining(plan, trainer, listener).run(output);
  }

  /**
   * Which trained models form the ensemble, chosen on the validation images (never the test
   * images): greedy forward selection (Caruana et al. 2004) from the model that scores best alone,
   * adding each next-best model whose addition does not lower the ensemble's validation accuracy.
   *
   * @param validationAccuracy the chosen ensemble's (or lone model's)
   * @param allValidationAccuracy that of all trained models together
   */
  public record EnsembleChoice(
      List<Member> members,
      List<Member> leftOut,
      double validationAccuracy,
      double allValidationAccuracy) {}

  private EnsembleChoice chooseEnsemble(List<Outcome> trained) {
    Map<Outcome, Double> alone = new HashMap<>();
    for (Outcome o : trained) {
      alone.put(o, validate(List.of(o)));
    }
    List<Outcome> order = new ArrayList<>(trained);
    order.sort(Comparator.comparingDouble((Outcome o) -> -alone.get(o)));
    List<Outcome> chosen = new ArrayList<>(List.of(order.get(0)));
    double accuracy = alone.get(order.get(0));
    for (Outcome next : order.subList(1, order.size())) {
      List<Outcome> with = new ArrayList<>(chosen);
      with.add(next);
      double a = validate(with);
      if (a >= accuracy) {
        chosen = with;
        accuracy = a;
      }
    }
    List<Member> members = new ArrayList<>();
    List<Member> leftOut = new ArrayList<>();
    for (Outcome o : trained) {
      (chosen.contains(o) ? members : leftOut).add(o.member());
    }
    double all = chosen.size() == trained.size() ? accuracy : validate(trained);
    return new EnsembleChoice(members, leftOut, accuracy, all);
  }

  private double validate(List<Outcome> outcomes) {
    List<Model> models = outcomes.stream().map(o -> o.model().orElseThrow()).toList();
    return session.validate(models, plan.recipe(), plan.splitSeed()).accuracy();
  }

  /** A training's scores and its model (empty if it failed). */
  private record Outcome(Member member, SeedRun run, Optional<Model> model) {}

  private Result run(Output output) throws IOException, DatasetException {
    long started = System.nanoTime();
    Architecture first = plan.trainees().get(0).architecture();
    session = trainer.open(plan.dataset(), first.input(), first.classes());
    TrainingRecipe.Sizes sizes = plan.recipe().sizes(session.trainingImages(), first.classes());
    int testImages = session.testImages();
    List<Trainee> trainees = plan.trainees();
    List<Member> members = new ArrayList<>();
    int count = trainees.size() * plan.seeds();
    for (Trainee t : trainees) {
      for (long seed : plan.seedsOf(t)) {
        members.add(new Member(t, seed, members.size() + 1, count, trainees.size() > 1));
      }
    }
    listener.trainingStarted(new Start(plan, trainees, sizes, testImages, members));
    List<Callable<Outcome>> tasks = new ArrayList<>();
    members.forEach(m -> tasks.add(() -> train(m)));
    List<Outcome> outcomes = inParallel(tasks);

    Path folder = output.resolve(trainees.get(0).key());
    List<Outcome> trained = outcomes.stream().filter(o -> o.model().isPresent()).toList();
    // model.zip: the chosen architecture's best seed, whether or not the ensemble keeps it
    String chosenKey = trainees.get(0).key();
    Optional<Outcome> modelOutcome =
        TrainingReport.bestTested(
                trained.stream().map(Outcome::run).filter(r -> r.key().equals(chosenKey)).toList())
            .map(r -> trained.stream().filter(o -> o.run() == r).findFirst().orElseThrow());
    EnsembleChoice choice = trained.size() >= 2 ? chooseEnsemble(trained) : null;
    List<Outcome> ensembled = List.of();
    if (choice != null) {
      listener.ensembleChosen(choice);
      List<Outcome> kept =
          trained.stream().filter(o -> choice.members().contains(o.member())).toList();
      boolean onlyTheModel = kept.size() == 1 && modelOutcome.equals(Optional.of(kept.get(0)));
      ensembled = onlyTheModel ? List.of() : kept;
    }
    List<Member> inEnsemble = ensembled.stream().map(Outcome::member).toList();
    List<SeedRun> runs = new ArrayList<>();
    for (Outcome o : outcomes) {
      Optional<String> file =
          inEnsemble.contains(o.member()) ? Optional.of(modelFile(o.member())) : Optional.empty();
      SeedRun r = o.run();
      runs.add(new SeedRun(r.key(), r.seed(), r.training(), r.test(), r.flipped(), file));
    }
    Optional<Ensemble> ensemble = Optional.empty();
    if (!ensembled.isEmpty()) {
      List<Model> models = ensembled.stream().map(o -> o.model().orElseThrow()).toList();
      for (Outcome o : ensembled) {
        o.model().orElseThrow().save(folder.resolve(modelFile(o.member())));
      }
      TestScore test = session.test(models, false);
      Optional<TestScore> flipped =
          plan.flipTest() ? Optional.of(session.test(models, true)) : Optional.empty();
      ensemble =
          Optional.of(new Ensemble(test, flipped, OptionalDouble.of(choice.validationAccuracy())));
    }
    TrainingReport report =
        new TrainingReport(
            plan.kind(),
            Instant.now().toString(),
            plan.run().map(Path::toString),
            trainees,
            new Data(
                plan.dataset(), sizes.train(), sizes.validation(), testImages, plan.splitSeed()),
            plan.recipe(),
            plan.flipTest(),
            plan.parallel(),
            runs,
            ensemble,
            0,
            Provenance.current(trainer.backend(), Map.of()));
    if (modelOutcome.isPresent()) {
      Model model = modelOutcome.get().model().orElseThrow();
      model.save(folder.resolve(TrainingReport.MODEL));
      AtomicFiles.write(folder.resolve(CONFIGURATION), model.configurationJson());
      AtomicFiles.write(
          folder.resolve(ARCHITECTURE), ArchitectureJson.writePretty(model.architecture()) + "\n");
    }
    report = withSeconds(report, (System.nanoTime() - started) / 1e9);
    AtomicFiles.write(folder.resolve(TrainingReport.FILE), TrainingReportCodec.write(report));
    Result result = new Result(folder, report);
    listener.finished(result);
    return result;
  }

  /** One seed's training, then its test scores if it trained. */
  private Outcome train(Member member) throws DatasetException {
    Trainee trainee = member.trainee();
    PruningHook stop =
        plan.stopAfterEpoch().isPresent()
            ? (epoch, accuracy) -> epoch >= plan.stopAfterEpoch().getAsInt()
            : PruningHook.never();
    ModelTrainer.Trained trained =
        session.train(
            new Candidate(trainee.architecture(), plan.recipe(), member.seed()),
            plan.splitSeed(),
            stop,
            e -> listener.epoch(member, e));
    EvaluationResult result = trained.result();
    boolean stoppedAsPlanned =
        plan.stopAfterEpoch().isPresent() && result.status() == Status.PRUNED;
    Optional<Model> model =
        result.status() == Status.OK || stoppedAsPlanned ? trained.model() : Optional.empty();
    SeedRun run;
    if (model.isEmpty()) {
      run =
          new SeedRun(
              trainee.key(),
              member.seed(),
              result,
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
    } else {
      List<Model> one = List.of(model.get());
      run =
          new SeedRun(
              trainee.key(),
              member.seed(),
              result,
              Optional.of(session.test(one, false)),
              plan.flipTest() ? Optional.of(session.test(one, true)) : Optional.empty(),
              Optional.empty());
    }
    listener.trained(member, run);
    return new Outcome(member, run, model);
  }

  /**
   * {@code models/seed-<seed>.zip}, or with several architectures {@code
   * models/rank-<rank>-seed-<seed>.zip} ({@code key-<key>-...} for one without a rank).
   */
  static String modelFile(Member member) {
    String architecture =
        member.severalArchitectures()
            ? member
                    .trainee()
                    .origin()
                    .map(o -> "rank-" + o.rank())
                    .orElse("key-" + member.trainee().key())
                + "-"
            : "";
    return MODELS + "/" + architecture + "seed-" + member.seed() + ".zip";
  }

  private <T> List<T> inParallel(List<Callable<T>> tasks) throws IOException, DatasetException {
    try {
      return Parallel.run(tasks, plan.parallel());
    } catch (IOException | DatasetException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrainingReport withSeconds(TrainingReport r, double seconds) {
    return new TrainingReport(
        r.kind(),
        r.created(),
        r.run(),
        r.trainees(),
        r.data(),
        r.recipe(),
        r.flipTest(),
        r.parallel(),
        r.trainings(),
        r.ensemble(),
        seconds,
        r.provenance());
  }
}
