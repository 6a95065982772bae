package io.nas4j.space.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.RecipeJson;
import java.util.ArrayList;
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
    choices(blocks, b, b.graphs());
    if (b.stem().isPresent()) { // the stem's lists that differ from the other blocks'
      ObjectNode stem = Json.mapper().createObjectNode();
      choices(stem, b.stem().get(), b.graphs());
      List<String> same = new ArrayList<>();
      stem.fieldNames().forEachRemaining(k -> same.add(k));
      same.removeIf(k -> !stem.get(k).equals(blocks.get(k)));
      stem.remove(same);
      blocks.set("stem", stem);
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
    evolution.put("start", s.evolution().start().id());
    evolution.put("nicheShare", s.evolution().nicheShare().id());
    if (!s.initial().isEmpty()) {
      ArrayNode initial = search.putArray("initial");
      for (InitialCandidate c : s.initial()) {
        ObjectNode entry = initial.addObject();
        entry.put("architecture", c.architecture());
        c.learningRate().ifPresent(v -> entry.put("learningRate", v));
        c.batchSize().ifPresent(v -> entry.put("batchSize", v));
        c.optimizer().ifPresent(v -> entry.put("optimizer", v.id()));
      }
    }
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

  /** One block's choices; the kind genes' lists only with {@code graphs}. */
  private static void choices(ObjectNode node, BlockSpace b, boolean graphs) {
    ints(node, "convs", b.convs());
    ints(node, "kernel", b.kernel());
    ints(node, "stride", b.stride());
    ids(node, "padding", b.padding(), Padding::id);
    ints(node, "channels", b.channels());
    ids(node, "type", b.type(), ConvType::id);
    ArrayNode batchNorm = node.putArray("batchNorm");
    b.batchNorm().forEach(batchNorm::add);
    ArrayNode bias = node.putArray("bias");
    b.bias().forEach(bias::add);
    ids(node, "activation", b.activation(), ActivationFn::id);
    ids(node, "pool", b.pool(), PoolChoice::id);
    ints(node, "poolSize", b.poolSize());
    ints(node, "poolStride", b.poolStride());
    if (graphs) { // chain specs are written as before: their journal copies stay the same
      ids(node, "kind", b.kind(), BlockKind::id);
      ArrayNode pre = node.putArray("preActivation");
      b.preActivation().forEach(pre::add);
      ints(node, "branchChannels", b.branchChannels());
    }
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
