package io.nas4j.space.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Fuzz;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random bytes and random edits of a valid journal (header with the default spec, trained, pruned,
 * failed and invalid candidates, generations, end) through {@link JournalFile#read}: each case must
 * give a journal or a one-line {@link JournalException}, never another exception.
 */
class JournalFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 21);
  private static final int CASES = Integer.getInteger("fuzz.cases", 2000);

  @TempDir Path dir;

  @Test
  void readGivesAJournalOrOneLineForAnyContent() throws Exception {
    String valid = validJournal();
    Path file = dir.resolve(JournalFile.NAME);
    Files.writeString(file, valid);
    Journal original = JournalFile.read(file);
    assertEquals(6, original.candidates().size());

    SplittableRandom random = new SplittableRandom(SEED);
    int journals = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] bytes =
          i % 10 == 0
              ? Fuzz.randomBytes(random, 200)
              : Fuzz.mutate(valid, random).getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
      String what = Fuzz.show(i, new String(bytes, StandardCharsets.UTF_8));
      try {
        Journal journal = JournalFile.read(file);
        assertTrue(journal.candidates().size() <= 12, what);
        journals++;
      } catch (JournalException e) {
        Fuzz.assertOneLine(e, what);
      } catch (Throwable t) {
        throw new AssertionError(what + ": " + t, t);
      }
    }
    assertTrue(journals > CASES / 20, "some edits keep a journal valid, but only " + journals);
  }

  /** A journal like a run writes it, with every status and an end line. */
  static String validJournal() {
    SearchSpec spec = SpecReader.defaultSpec();
    SearchSpace space = SearchSpace.of(spec);
    StringBuilder out = new StringBuilder();
    out.append(
            JournalCodec.header(
                new JournalHeader(
                    "run-1",
                    "2026-01-01T00:00:00Z",
                    spec,
                    io.nas4j.space.Provenance.of(Map.of("nas4j", "test", "cpus", "2")))))
        .append('\n');
    Random random = new Random(3);
    Status[] statuses = {Status.OK, Status.PRUNED, Status.FAILED, Status.INVALID};
    for (int i = 0; i < 6; i++) {
      int[] genotype = space.randomGenotype(random);
      Architecture arch = space.decode(genotype);
      Analysis analysis = Analysis.of(arch);
      Status status = statuses[i % statuses.length];
      EvaluationResult result =
          status == Status.INVALID
              ? EvaluationResult.invalid("layer 3 (max2): collapses", 10, 20)
              : new EvaluationResult(
                  status,
                  List.of(
                      new EpochScore(1, 0.5, 1.2, 1.4, 3.5), new EpochScore(2, 0.75, 0.9, 1, 7)),
                  OptionalInt.of(2),
                  2,
                  status == Status.FAILED ? "diverged" : "max-epochs",
                  7.25,
                  1234.5,
                  analysis.params(),
                  analysis.macs(),
                  "cpu test",
                  status == Status.FAILED ? Optional.of("loss is NaN") : Optional.empty());
      List<Integer> boxed = Arrays.stream(genotype).boxed().toList();
      out.append(
              JournalCodec.candidate(
                  new CandidateEntry(
                      i, i / 3, boxed, CanonicalKey.of(arch), arch, 1000L + i, result)))
          .append('\n');
      if (i % 3 == 2) {
        out.append(
                JournalCodec.generation(
                    new GenerationEntry(i / 3, i + 1, i, 1, 1, 1, 0.75, "abc", 12.5 * i)))
            .append('\n');
      }
    }
    out.append(JournalCodec.end("max-evaluations", 42.0)).append('\n');
    return out.toString();
  }

  @Test
  void theValidJournalRoundTrips() throws Exception {
    Path file = Files.writeString(dir.resolve(JournalFile.NAME), validJournal());
    Journal journal = JournalFile.read(file);
    List<String> lines = new ArrayList<>(validJournal().lines().toList());
    assertEquals(lines.size(), 1 + 6 + 2 + 1);
    assertEquals(Optional.of("max-evaluations"), journal.endReason());
    assertEquals(JournalCodec.candidate(journal.candidates().get(2)), lines.get(3));
  }
}
