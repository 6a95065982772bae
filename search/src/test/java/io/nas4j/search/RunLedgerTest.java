package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.evaluator.Candidate;
import io.nas4j.evaluator.PruningHook;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Provenance;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.journal.GenerationEntry;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.result.EvaluationResult;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's record that the generational batch and the asynchronous search count on. */
class RunLedgerTest {

  @TempDir Path folder;

  private final SearchSpace space = SearchSpace.of(spec());
  private final List<GenerationEntry> lines = new ArrayList<>();

  private static SearchSpec spec() {
    try {
      return SpecReader.parse(
          """
          dataset: {kind: idx, path: /data}
          input: {channels: 1, height: 28, width: 28}
          classes: 10
          blocks: {min: 1, max: 2, kernel: [3, 5], channels: [8, 16]}
          head: {units: [0]}
          """,
          "test spec",
          null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private final Map<String, int[]> genotypes = new HashMap<>();

  private List<Integer> genotype(Architecture arch) {
    return Arrays.stream(genotypes.get(CanonicalKey.of(arch))).boxed().toList();
  }

  private CandidateEntry trained(Architecture arch, int generation) {
    EvaluationResult result =
        new FakeEvaluator()
            .evaluate(new Candidate(arch, space.spec().budget(), 1), PruningHook.never());
    return new CandidateEntry(
        0, generation, genotype(arch), CanonicalKey.of(arch), arch, 1, result);
  }

  private CandidateEntry invalid(Architecture arch, int generation) {
    return new CandidateEntry(
        0,
        generation,
        genotype(arch),
        CanonicalKey.of(arch),
        arch,
        1,
        EvaluationResult.invalid("too big", 1, 1));
  }

  private List<Architecture> distinct(int n) {
    List<Architecture> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    while (out.size() < n) {
      int[] genotype = space.randomGenotype(random);
      Architecture arch = space.decode(genotype);
      if (genotypes.putIfAbsent(CanonicalKey.of(arch), genotype) == null) {
        out.add(arch);
      }
    }
    return out;
  }

  @Test
  void aJournaledKeyIsAReplayOnceThenADuplicateAndANewKeyIsNew() throws Exception {
    List<Architecture> archs = distinct(4);
    Path file = folder.resolve("journal.jsonl");
    JournalHeader header =
        new JournalHeader("r", "2026-01-01T00:00:00Z", space.spec(), Provenance.of(Map.of()));
    try (JournalWriter journal = JournalWriter.create(file, header)) {
      RunLedger ledger =
          new RunLedger(
              journal,
              new Search.Listener() {
                @Override
                public void generation(GenerationEntry entry) {
                  lines.add(entry);
                }
              },
              List.of(trained(archs.get(0), 0), invalid(archs.get(1), 0)),
              List.of());
      String replayed = CanonicalKey.of(archs.get(0));
      String rejected = CanonicalKey.of(archs.get(1));
      String fresh = CanonicalKey.of(archs.get(2));

      assertEquals(RunLedger.Claim.CACHED, ledger.claim(replayed, false));
      assertEquals(1, ledger.trained(), "a replayed trained candidate counts as trained");
      assertEquals(RunLedger.Claim.CACHED, ledger.claim(rejected, false));
      assertEquals(1, ledger.trained(), "a replayed invalid one does not");
      assertEquals(RunLedger.Claim.DUPLICATE, ledger.claim(replayed, false));
      assertEquals(RunLedger.Claim.NEW, ledger.claim(fresh, false));
      assertEquals(RunLedger.Claim.DUPLICATE, ledger.claim(fresh, true), "twice in one batch");

      // A new key left untrained because the run stopped is new again on resume.
      ledger.unclaim(fresh);
      assertEquals(RunLedger.Claim.NEW, ledger.claim(fresh, false));
      ledger.started();
      ledger.record(trained(archs.get(2), 1));
      assertEquals(2, ledger.trained());
      assertEquals(2, ledger.resultsBefore(1).size(), "generation 0's two results");
      assertEquals(3, ledger.results().size());

      // A cancelled training is forgotten: new again, and no longer counted.
      String cancelled = CanonicalKey.of(archs.get(3));
      assertEquals(RunLedger.Claim.NEW, ledger.claim(cancelled, false));
      ledger.started();
      ledger.forget(cancelled);
      assertEquals(2, ledger.trained());
      assertEquals(RunLedger.Claim.NEW, ledger.claim(cancelled, false));

      ledger.generationLine(1, true, 12.5);
      ledger.generationLine(2, false, 13.0);
    }
    GenerationEntry line = lines.get(0);
    assertEquals(3, line.candidates());
    assertEquals(2, line.trained());
    assertEquals(2, line.duplicates());
    assertEquals(1, line.invalid());
    assertEquals(2, lines.size(), "the listener hears every line");
    var journal = JournalFile.read(file);
    assertEquals(1, journal.generations().size(), "only the line asked for is journaled");
    assertEquals(1, journal.candidates().size(), "only the new candidate is journaled");
    assertEquals(CanonicalKey.of(archs.get(2)), journal.candidates().get(0).key());
  }
}
