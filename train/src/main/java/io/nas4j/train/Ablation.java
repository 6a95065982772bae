package io.nas4j.train;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.ModelTrainer;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.reports.Answers;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.ablation.AblationJournal;
import io.nas4j.space.ablation.Ablations;
import io.nas4j.space.ablation.Question;
import io.nas4j.space.ablation.Variant;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.recipe.TrainingRecipe;
import io.nas4j.space.spec.DatasetSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code nas ablate} as a library: trains a base architecture and the one-factor variants of the
 * chosen design questions ({@link Ablations}) with the same seeds under one recipe, journaling each
 * finished training to {@code <folder>/journal.jsonl} (forced to the disk), and answers the
 * questions from the journal ({@link Answers}). A second run on the same folder with the same
 * experiment trains only what is missing, so a killed ablation resumes without retraining anything
 * finished. Trainings go seed by seed (the base and every variant with seed 1, then seed 2, ...),
 * so an ablation stopped at its deadline has complete pairs.
 */
public final class Ablation {

  /**
   * What to ablate and how.
   *
   * @param deadlineNanos no training starts after this {@link System#nanoTime()} (those left are
   *     trained by a later run on the same folder)
   */
  public record Plan(
      String id,
      Architecture base,
      List<String> questions,
      TrainingRecipe recipe,
      DatasetSpec dataset,
      long splitSeed,
      List<Long> seeds,
      int parallel,
      long deadlineNanos) {
    public Plan {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(base, "base");
      questions = List.copyOf(questions);
      Objects.requireNonNull(recipe, "recipe");
      Objects.requireNonNull(dataset, "dataset");
      seeds = List.copyOf(seeds);
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("seeds must not be empty");
      }
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be >= 1, but was " + parallel);
      }
    }
  }

  /** Told what happens, from the worker threads too. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** The experiment, how many trainings it has and how many the journal already holds. */
    default void started(AblationJournal.Header header, int trainings, int done) {}

    /** A training finished and was journaled ({@code done} of {@code trainings} now). */
    default void trained(String name, AblationJournal.Training training, int done, int trainings) {}
  }

  /** One architecture to train: the base or a variant, by key. */
  private record Arm(String key, String name, Architecture architecture) {}

  private Ablation() {}

  /**
   * The architectures an ablation trains: the base first, then each question's variants (a variant
   * equal to another is trained once).
   */
  private static List<Arm> armsOf(AblationJournal.Header header) {
    Map<String, Arm> arms = new LinkedHashMap<>();
    arms.put(header.baseKey(), new Arm(header.baseKey(), "base", header.base()));
    for (Question q : header.questions()) {
      for (Variant v : q.variants()) {
        String key = CanonicalKey.of(v.architecture());
        arms.putIfAbsent(key, new Arm(key, q.id() + ": " + v.name(), v.architecture()));
      }
    }
    return List.copyOf(arms.values());
  }

  /**
   * Runs (or continues) the ablation in {@code folder}.
   *
   * @throws IllegalStateException if {@code folder} holds another experiment
   * @throws io.nas4j.space.InvalidFieldException if the recipe's sizes do not fit the data
   */
  public static Answers.Ablation run(
      Plan plan, ModelTrainer trainer, Path folder, Listener listener)
      throws IOException, DatasetException, JournalException, InterruptedException {
    Path file = folder.resolve(AblationJournal.NAME);
    AblationJournal.Header wanted =
        new AblationJournal.Header(
            plan.id(),
            Instant.now().toString(),
            plan.base(),
            plan.recipe(),
            plan.seeds(),
            Ablations.of(plan.base(), plan.questions()));
    ModelTrainer.Session session =
        trainer.open(plan.dataset(), plan.base().input(), plan.base().classes());
    plan.recipe().sizes(session.trainingImages(), plan.base().classes()); // fits the data?
    AblationJournal.Contents done;
    if (Files.exists(file)) {
      dropTornLine(file);
      done = AblationJournal.read(file);
      if (!done.header().sameExperiment(wanted)) {
        throw new IllegalStateException(
            folder
                + " holds another ablation (other base, questions, recipe or seeds); give"
                + " another --id");
      }
    } else {
      Files.createDirectories(folder);
      append(file, AblationJournal.headerLine(wanted), true);
      done = new AblationJournal.Contents(wanted, List.of());
    }
    AblationJournal.Header header = done.header();
    List<Arm> arms = armsOf(header);
    List<Runnable> todo = new ArrayList<>();
    int total = arms.size() * header.seeds().size();
    int[] finished = {done.trainings().size()};
    listener.started(header, total, finished[0]);
    for (long seed : header.seeds()) {
      for (Arm arm : arms) {
        if (done.training(arm.key(), seed).isPresent()) {
          continue;
        }
        todo.add(
            () -> {
              if (System.nanoTime() > plan.deadlineNanos() || Thread.interrupted()) {
                return; // left for a later run
              }
              Candidate candidate = new Candidate(arm.architecture(), header.recipe(), seed);
              ModelTrainer.Trained trained =
                  session.train(candidate, plan.splitSeed(), PruningHook.never(), e -> {});
              AblationJournal.Training t =
                  new AblationJournal.Training(arm.key(), seed, trained.result());
              synchronized (finished) {
                try {
                  append(file, AblationJournal.trainingLine(t), false);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                finished[0]++;
                listener.trained(arm.name(), t, finished[0], total);
              }
            });
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(plan.parallel(), r -> new Thread(r, "nas4j-ablation"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      todo.forEach(t -> futures.add(pool.submit(t)));
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof java.io.UncheckedIOException io) {
            throw io.getCause();
          }
          throw new IllegalStateException("an ablation training crashed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return Answers.of(folder.getFileName().toString(), AblationJournal.read(file));
  }

  /** Cuts a last line without its newline: a kill while it was written. */
  private static void dropTornLine(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length && end > 0) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(end);
        channel.force(false);
      }
    }
  }

  /** Appends one line and forces it to the disk; {@code create}: the file must be new. */
  private static void append(Path file, String line, boolean create) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            create ? StandardOpenOption.CREATE_NEW : StandardOpenOption.APPEND,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    }
  }
}
