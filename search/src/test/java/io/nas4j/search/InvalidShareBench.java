package io.nas4j.search;

import io.nas4j.space.Provenance;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.result.Status;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How many of a strategy's candidates are invalid (never trained), on the default spec with the
 * fake evaluator ({@code regularized+depth}: with {@code search.evolution.niches: depth}, {@code
 * regularized+depth-type} with {@code depth-type}, the default spec's, {@code
 * regularized+depth-type, start: stratified} with the random start stratified by those niches):
 * {@code java -cp ... io.nas4j.search.InvalidShareBench [evaluations] [seeds]}.
 */
public final class InvalidShareBench {

  private InvalidShareBench() {}

  public static void main(String[] args) throws Exception {
    int evaluations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("invalid-share");
    for (String strategy :
        new String[] {
          "evolution",
          "regularized",
          "regularized+depth",
          "regularized+depth-type",
          "regularized+depth-type, start: stratified",
          "random"
        }) {
      long invalid = 0;
      long all = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        SearchSpec spec = share(strategy, evaluations, seed);
        Search.Outcome outcome =
            Search.start(
                spec,
                dir.resolve(strategy.replaceAll("[^a-z]+", "-") + seed),
                s -> new FakeEvaluator(),
                new Search.Options(1, Provenance.of(Map.of()), new Search.Listener() {}));
        for (CandidateEntry c : outcome.candidates()) {
          all++;
          invalid += c.result().status() == Status.INVALID ? 1 : 0;
        }
      }
      System.out.printf(
          "%-42s %d seeds x %d trained: %d of %d candidates invalid (%.1f%%)%n",
          strategy, seeds, evaluations, invalid, all, 100.0 * invalid / all);
    }
  }

  static SearchSpec share(String strategy, int evaluations, long seed) throws Exception {
    String yaml =
        SpecReader.defaultSpecText()
                .replaceAll("(?m)^search:(\\n  .*)*", "")
                .replaceAll("(?m)^seed: .*", "")
                .replaceAll("(?m)^rungs:.*(\\n  .*)*", "")
            + """
            search:
              strategy: %s
              maxEvaluations: %d
              generations: 100000
              wallTimeMinutes: 600
              evolution: {niches: %s}
            seed: %d
            """
                .formatted(
                    strategy.replaceAll("\\+.*", ""),
                    evaluations,
                    strategy.contains("+") ? strategy.replaceAll(".*\\+", "") : "all",
                    seed);
    return SpecReader.parse(yaml, "spec", null);
  }
}
