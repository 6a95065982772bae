package io.nas4j.space.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.RecipeJson;
import java.util.List;
import java.util.function.Function;

/**
 * Writes a spec as a JSON tree in the schema {@link SpecReader} reads, with every default made
 * explicit (for the run journal's header and for {@code nas space --print}).
 */
public final class SpecWriter {

  private SpecWriter() {}

  public static ObjectNode toTree(SearchSpec spec) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode dataset = root.putObject("dataset");
    dataset.put("kind", spec.dataset().kind().id());
    dataset.put("path", spec.dataset().path());
    if (spec.dataset().horizontalFlip()) {
      dataset.put("horizontalFlip", true);
    }
    ObjectNode input = root.putObject("input");
    input.put("channels", spec.input().channels());
    input.put("height", spec.input().height());
    input.put("width", spec.input().width());
    root.put("classes", spec.classes());

    BlockSpace b = spec.blocks();
    ObjectNode blocks = root.putObject("blocks");
    blocks.put("min", b.min());
    blocks.put("max", b.max());
    ints(blocks, "convs", b.convs());
    ints(blocks, "kernel", b.kernel());
    ints(blocks, "stride", b.stride());
    ids(blocks, "padding", b.padding(), Padding::id);
    ints(blocks, "channels", b.channels());
    ids(blocks, "type", b.type(), ConvType::id);
    ArrayNode batchNorm = blocks.putArray("batchNorm");
    b.batchNorm().forEach(batchNorm::add);
    ArrayNode bias = blocks.putArray("bias");
    b.bias().forEach(bias::add);
    ids(blocks, "activation", b.activation(), ActivationFn::id);
    ids(blocks, "pool", b.pool(), PoolChoice::id);
    ints(blocks, "poolSize", b.poolSize());
    ints(blocks, "poolStride", b.poolStride());
    if (b.graphs()) { // chain specs are written as before: their journal copies stay the same
      ids(blocks, "kind", b.kind(), BlockKind::id);
      ArrayNode pre = blocks.putArray("preActivation");
      b.preActivation().forEach(pre::add);
      ints(blocks, "branchChannels", b.branchChannels());
    }

    ObjectNode head = root.putObject("head");
    ints(head, "units", spec.head().units());
    ArrayNode dropout = head.putArray("dropout");
    spec.head().dropout().forEach(dropout::add);
    head.put("activation", spec.head().activation().id());
    if (spec.head().poolingGene()) {
      ids(head, "pooling", spec.head().pooling(), HeadPooling::id);
    }

    ObjectNode training = root.putObject("training");
    ArrayNode lr = training.putArray("learningRate");
    spec.training().learningRate().forEach(lr::add);
    ints(training, "batchSize", spec.training().batchSize());
    ids(training, "optimizer", spec.training().optimizer(), Optimizer::id);

    root.set("budget", RecipeJson.toTree(spec.budget()));

    SearchBudget s = spec.search();
    ObjectNode search = root.putObject("search");
    search.put("strategy", s.strategy().id());
    search.put("objective", s.objective().id());
    search.put("population", s.population());
    search.put("generations", s.generations());
    search.put("maxEvaluations", s.maxEvaluations());
    search.put("wallTimeMinutes", s.wallTimeMinutes());
    s.steadyGenerations().ifPresent(n -> search.put("steadyGenerations", n));
    ObjectNode evolution = search.putObject("evolution");
    evolution.put("tournamentSize", s.evolution().tournamentSize());
    evolution.put("mutationRate", s.evolution().mutationRate());
    evolution.put("crossoverRate", s.evolution().crossoverRate());
    evolution.put("crossover", s.evolution().crossover().id());
    evolution.put("maxAge", s.evolution().maxAge());
    evolution.put("elites", s.evolution().elites());
    evolution.put("niches", s.evolution().niches().id());
    ObjectNode pruning = search.putObject("pruning");
    pruning.put("enabled", s.pruning().enabled());
    pruning.put("warmup", s.pruning().warmup());

    ObjectNode constraints = root.putObject("constraints");
    spec.constraints().maxMacs().ifPresent(v -> constraints.put("maxMacs", v));
    spec.constraints().maxParams().ifPresent(v -> constraints.put("maxParams", v));
    root.put("seed", spec.seed());
    root.set("retrain", RecipeJson.toTree(spec.retrain()));
    if (spec.rungs().any()) {
      ObjectNode rungs = root.putObject("rungs");
      rungs.put("eta", spec.rungs().eta());
      rungs.put("promotion", spec.rungs().promotion().id());
      rungs.put("peers", spec.rungs().peers().id());
      ArrayNode levels = rungs.putArray("levels");
      spec.rungs().levels().forEach(r -> levels.add(RecipeJson.toCompleteTree(r)));
    }
    return root;
  }

  private static void ints(ObjectNode parent, String key, List<Integer> values) {
    ArrayNode array = parent.putArray(key);
    values.forEach(array::add);
  }

  private static <E> void ids(
      ObjectNode parent, String key, List<E> values, Function<E, String> id) {
    ArrayNode array = parent.putArray(key);
    values.forEach(v -> array.add(id.apply(v)));
  }
}
