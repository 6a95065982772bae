package io.nas4j.search.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nas4j.search.Search;
import io.nas4j.space.CanonicalKey;
import io.nas4j.space.Gene;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.Trainability;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.json.Json;
import io.nas4j.space.spec.Rungs;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecException;
import io.nas4j.space.spec.SpecReader;
import io.nas4j.space.spec.SpecWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas space}: validates a spec and shows its size and a few decoded samples. */
@Command(
    name = "space",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a search spec and show its genes, its size, how many of 1,000 random networks are"
          + " trainable (and why the others are not) and a few decoded samples. Exits with 2 when"
          + " none is.",
      "SPEC is a YAML or JSON file, or '" + SpecReader.DEFAULT_SPEC + "' for the built-in spec."
    })
final class SpaceCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SPEC",
      description = "Spec file (default: ${DEFAULT-VALUE}).",
      defaultValue = SpecReader.DEFAULT_SPEC)
  Path specFile;

  @Option(
      names = "--samples",
      defaultValue = "5",
      description = "Random genotypes to decode and show (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", description = "Seed for the samples (default: the spec's seed).")
  Long seed;

  @Option(names = "--genes", description = "List every gene with its choices.")
  boolean listGenes;

  @Option(
      names = "--print-spec",
      description = "Print the spec with every default filled in (YAML) and exit.")
  boolean printSpec;

  @Override
  public Integer call() throws Exception {
    if (samples < 0) {
      throw new BadInputException("--samples must be >= 0, but was " + samples);
    }
    SearchSpec spec = SpecReader.read(specFile);
    var out = command.commandLine().getOut();
    if (printSpec) {
      out.print(Json.yaml().writeValueAsString(SpecWriter.toTree(spec)));
      out.flush();
      return Nas.OK;
    }
    SearchSpace space = SearchSpace.of(spec);
    out.printf("spec        %s%n", specFile);
    out.printf(
        "dataset     %s %s, input %s, %d classes%n",
        spec.dataset().kind().id(), spec.dataset().path(), spec.input(), spec.classes());
    out.printf(
        "genes       %d (blocks %d..%d%s)%n",
        space.genes().size(), spec.blocks().min(), spec.blocks().max(), describeStem(spec));
    out.printf("genotypes   %s%n", big(space.genotypeCount()));
    out.printf(
        "networks    %s (estimate: inactive genes collapsed)%n",
        big(space.architectureCountEstimate()));
    out.printf("budget      %s (per candidate)%n", spec.budget().describe());
    for (int r = 1; r < spec.fidelities().size(); r++) {
      out.printf(
          "rung %-6d %s (the top 1/%d of rung %d%s, %s)%n",
          r,
          spec.fidelities().get(r).describe(),
          spec.rungs().eta(),
          r - 1,
          r == 1 && spec.rungs().peers() != Rungs.Peers.ALL
              ? " per " + spec.rungs().peers().groupName()
              : "",
          spec.rungs().continues() ? "continued" : "restarted");
    }
    out.printf("retrain     %s (nas train)%n", spec.retrain().describe());
    out.printf("search      %s%n", spec.search().describe(spec.fidelities().size() > 1));
    out.printf("constraints %s%n", describeConstraints(spec));
    long s = seed == null ? spec.seed() : seed;
    Trainability verdict = Trainability.sample(space, Search.TRAINABILITY_SAMPLE, new Random(s));
    out.printf(
        "trainable   %,d of %,d random networks (%.0f%%, seed %d)%n",
        verdict.trainable(), verdict.draws(), 100.0 * verdict.trainable() / verdict.draws(), s);
    for (Trainability.Reason reason : verdict.reasons()) {
      out.printf("  %,9d  %s (e.g. %s)%n", reason.count(), reason.kind(), reason.example());
    }
    if (listGenes) {
      out.println();
      for (Gene gene : space.genes()) {
        out.printf("  %-24s %s%n", gene.name(), String.join(", ", gene.labels()));
      }
    }
    if (samples > 0) {
      out.printf("%nsamples (seed %d):%n", s);
      out.printf("  %-16s %-9s %12s %14s  %s%n", "key", "status", "params", "MACs", "notation");
      Random random = new Random(s);
      for (int i = 0; i < samples; i++) {
        Architecture arch = space.decode(space.randomGenotype(random));
        Analysis analysis = Analysis.of(arch);
        String status = space.rejection(arch).map(r -> "rejected").orElse("ok");
        out.printf(
            "  %-16s %-9s %,12d %,14d  %s  [%s lr=%s bs=%d]%n",
            CanonicalKey.of(arch),
            status,
            analysis.params(),
            analysis.macs(),
            arch.notation(),
            arch.training().optimizer().id(),
            arch.training().learningRate(),
            arch.training().batchSize());
        space.rejection(arch).ifPresent(r -> out.printf("  %16s %s%n", "", "-> " + r));
      }
    }
    out.flush();
    if (verdict.none()) {
      throw new SpecException(
          "spec file %s: %s"
              .formatted(specFile, Search.noTrainableNetwork(verdict, "random networks")));
    }
    return Nas.OK;
  }

  /** The stem's lists that differ from the other blocks', as the spec writes them. */
  private static String describeStem(SearchSpec spec) {
    JsonNode stem = SpecWriter.toTree(spec).path("blocks").path("stem");
    if (stem.isMissingNode()) {
      return "";
    }
    List<String> keys = new ArrayList<>();
    stem.fields()
        .forEachRemaining(
            e -> {
              List<String> values = new ArrayList<>();
              e.getValue().forEach(v -> values.add(v.asText()));
              keys.add(e.getKey() + " [" + String.join(", ", values) + "]");
            });
    return "; the first block's stem: " + String.join(", ", keys);
  }

  private static String describeConstraints(SearchSpec spec) {
    return "maxMacs %s, maxParams %s"
        .formatted(limit(spec.constraints().maxMacs()), limit(spec.constraints().maxParams()));
  }

  private static String limit(OptionalLong value) {
    return value.isPresent() ? "%,d".formatted(value.getAsLong()) : "none";
  }

  private static String big(BigInteger value) {
    return value.bitLength() < 40 ? "%,d".formatted(value) : "%.3e".formatted(value.doubleValue());
  }
}
