package io.nas4j.search;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.space.Provenance;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.Trainability;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.Journal;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.journal.RunId;
import io.nas4j.space.journal.RungEntry;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a search into a run folder ({@code <runs>/<run-id>/journal.jsonl}), or resumes one. A
 * resumed run replays the seeded strategy and answers every candidate the journal already holds
 * from it, so finished candidates are never trained again and the trajectory is the one an
 * uninterrupted run would have taken.
 */
public final class Search {

  /** Builds the evaluator for a spec (loads its data); may fail with a one-line message. */
  @FunctionalInterface
  public interface EvaluatorFactory {
    Evaluator create(SearchSpec spec) throws Exception;
  }

  /** Told about progress, from the search's threads; implementations must be thread-safe. */
  public interface Listener {
    /** A candidate starts training. */
    default void started(int generation, String key, Architecture architecture) {}

    /** A distinct candidate was journaled (trained, failed or invalid). */
    default void candidate(CandidateEntry entry) {}

    /** A candidate trained again at a higher rung (multi-fidelity search). */
    default void rung(RungEntry entry) {}

    /** A generation ended. */
    default void generation(GenerationEntry entry) {}

    /**
     * The run ended and its journal is complete. Called before the JVM may exit on Ctrl-C, so this
     * is the place for a final summary.
     */
    default void ended(Outcome outcome) {}
  }

  /**
   * @param parallel candidates trained at once
   * @param provenance recorded in the journal's header (versions, backend, host)
   */
  public record Options(int parallel, Provenance provenance, Listener listener) {
    public Options {
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be >= 1, but was " + parallel);
      }
      java.util.Objects.requireNonNull(provenance, "provenance");
    }
  }

  /**
   * How a run ended, its distinct candidates in journal order, and their trainings above rung 0.
   */
  public record Outcome(
      Path runFolder, String endReason, List<CandidateEntry> candidates, List<RungEntry> rungs) {

    /** Each candidate at the highest rung it reached (see {@link Journal#latest()}). */
    public List<CandidateEntry> latest() {
      return Journal.latest(candidates, rungs);
    }
  }

  /** The end reason of a run stopped by Ctrl-C or SIGTERM; such a run can be resumed. */
  public static final String INTERRUPTED = "interrupted";

  private Search() {}

  /** A new run id: UTC time, strategy and seed, e.g. {@code 20261128-081500-evolution-s42}. */
  public static String newRunId(SearchSpec spec) {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + spec.search().strategy().id()
        + "-s"
        + spec.seed();
  }

  /**
   * Random networks {@link #start} checks before it loads data or creates the run folder ({@code
   * nas space} checks as many).
   */
  public static final int TRAINABILITY_SAMPLE = 1000;

  /**
   * Starts a new run in {@code runFolder}, which must not exist yet; its name is the run id.
   *
   * @throws io.nas4j.space.InvalidFieldException ({@code runId}) before anything is loaded or
   *     written, if the folder's name is not a {@link RunId} (e.g. {@code runs/..})
   * @throws SpecException before anything is loaded or written, if none of {@value
   *     #TRAINABILITY_SAMPLE} random networks of the spec's space is trainable
   */
  public static Outcome start(
      SearchSpec spec, Path runFolder, EvaluatorFactory factory, Options options) throws Exception {
    RunId id = RunId.ofFolder(runFolder);
    if (Files.exists(runFolder)) {
      throw new IllegalArgumentException(
          "run folder " + runFolder + " already exists; resume it with --resume " + runFolder);
    }
    checkTrainable(spec);
    Evaluator evaluator = factory.create(spec);
    Files.createDirectories(runFolder);
    JournalHeader header =
        new JournalHeader(id.value(), Instant.now().toString(), spec, options.provenance());
    try (JournalWriter journal = JournalWriter.create(JournalFile.of(runFolder), header)) {
      return run(spec, runFolder, evaluator, journal, List.of(), List.of(), -1, 0, options);
    }
  }

  /**
   * @throws JournalException if the run ended for another reason than {@value #INTERRUPTED}
   */
  public static void checkResumable(Path runFolder, Journal journal) throws JournalException {
    if (journal.endReason().isPresent() && !journal.endReason().get().equals(INTERRUPTED)) {
      throw new JournalException(
          "%s already finished (%s); start a new run instead"
              .formatted(runFolder, journal.endReason().get()));
    }
  }

  /**
   * Continues a run from its journal, with the spec recorded in the journal's header: a killed run,
   * or one that ended {@value #INTERRUPTED}.
   */
  public static Outcome resume(Path runFolder, EvaluatorFactory factory, Options options)
      throws Exception {
    Journal journal = JournalFile.read(runFolder);
    Path folder = Files.isDirectory(runFolder) ? runFolder : runFolder.toAbsolutePath().getParent();
    checkResumable(runFolder, journal);
    SearchSpec spec = journal.header().spec();
    Evaluator evaluator = factory.create(spec);
    int lastGeneration =
        journal.generations().stream().mapToInt(GenerationEntry::generation).max().orElse(-1);
    double secondsBefore =
        journal.generations().stream().mapToDouble(GenerationEntry::seconds).max().orElse(0);
    try (JournalWriter writer =
        JournalWriter.append(
            JournalFile.of(folder), journal.candidates().size(), journal.tornLastLine())) {
      return run(
          spec,
          folder,
          evaluator,
          writer,
          journal.candidates(),
          journal.rungs(),
          lastGeneration,
          secondsBefore,
          options);
    }
  }

  /**
   * Fails if none of {@value #TRAINABILITY_SAMPLE} random networks of the spec's space (seeded with
   * its seed) is trainable: such a search would train nothing. Cheap (milliseconds); call it before
   * loading data.
   */
  public static void checkTrainable(SearchSpec spec) throws SpecException {
    Trainability sample =
        Trainability.sample(SearchSpace.of(spec), TRAINABILITY_SAMPLE, new Random(spec.seed()));
    if (sample.none()) {
      throw new SpecException(noTrainableNetwork(sample, "random networks"));
    }
  }

  /**
   * The one-line error for a space without a trainable network: how many draws were trainable, the
   * commonest causes and what to change.
   *
   * @param what names the draws, e.g. {@code random networks}
   */
  public static String noTrainableNetwork(Trainability tally, String what) {
    return ("the search space has no trainable network: %s; widen the spec's choices or relax its"
            + " constraints ('nas space SPEC' shows why samples are rejected)")
        .formatted(tally.summary(what, 3));
  }

  private static Outcome run(
      SearchSpec spec,
      Path runFolder,
      Evaluator evaluator,
      JournalWriter journal,
      List<CandidateEntry> journaled,
      List<RungEntry> journaledRungs,
      int lastGeneration,
      double secondsBefore,
      Options options)
      throws IOException, SpecException {
    SearchSpace space = SearchSpace.of(spec);
    RungStates states = RungStates.of(spec, runFolder, evaluator);
    try (CandidatePool pool =
        new CandidatePool(
            space,
            evaluator,
            states,
            journal,
            journaled,
            journaledRungs,
            lastGeneration,
            options.parallel(),
            secondsBefore,
            options.listener())) {
      // Ctrl-C (SIGINT/SIGTERM): stop training, let the strategy end the run with an "end" line,
      // then let the JVM exit. Candidates in training are not journaled; resume trains them.
      CountDownLatch journalClosed = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                pool.requestStop();
                try {
                  journalClosed.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "nas4j-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      String reason;
      try {
        reason = Strategies.run(space, pool);
        Optional<Trainability> untrainable =
            reason.equals(INTERRUPTED) ? Optional.empty() : pool.untrainable();
        if (untrainable.isPresent()) {
          // A finished run: resume refuses it, as it would find nothing to train either.
          journal.end(CandidatePool.NO_TRAINABLE_NETWORK, pool.seconds());
          states.clear();
          throw new SpecException(
              noTrainableNetwork(
                  untrainable.get(),
                  pool.stoppedByUntrainableDraws() ? "draws in a row" : "draws of this run"));
        }
        journal.end(reason, pool.seconds());
        if (!reason.equals(INTERRUPTED)) {
          states.clear(); // a finished run is never resumed
        }
        options
            .listener()
            .ended(new Outcome(runFolder, reason, pool.candidates(), pool.rungEntries()));
      } finally {
        journalClosed.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down (Ctrl-C): the hook is running
        }
      }
      return new Outcome(runFolder, reason, pool.candidates(), pool.rungEntries());
    }
  }
}
