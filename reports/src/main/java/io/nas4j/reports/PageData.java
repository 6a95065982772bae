package io.nas4j.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.journal.CandidateEntry;
import io.nas4j.space.json.Json;
import io.nas4j.space.result.EpochScore;
import io.nas4j.space.result.EvaluationResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data behind report.html's interactive parts, as JSON for its script: every candidate (at the
 * highest rung it reached) with its curves per rung, its layers with output shapes and costs, its
 * training hyperparameters and its gene choices; the genes shown as parallel-coordinate axes.
 */
final class PageData {

  /** Gene axes at most in the parallel-coordinates view (besides accuracy, MACs and params). */
  static final int GENE_AXES = 10;

  private PageData() {}

  /** The JSON text, safe to put inside a {@code <script>} element. */
  static String json(RunReport report) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("runId", report.journal().header().runId());
    SearchSpace space = SearchSpace.of(report.journal().header().spec());
    List<CandidateEntry> latest = report.journal().latest();
    boolean genes = latest.stream().allMatch(c -> c.genotype().size() == space.genes().size());
    List<int[]> choices = new ArrayList<>();
    for (CandidateEntry c : latest) {
      choices.add(genes && RunReport.trained(c.result()) ? activeChoices(space, c) : null);
    }
    List<Integer> axes = genes ? axes(report, space, choices) : List.of();
    ArrayNode geneNodes = root.putArray("genes");
    for (int g : axes) {
      ObjectNode node = geneNodes.addObject();
      node.put("name", space.genes().get(g).name());
      space.genes().get(g).labels().forEach(node.putArray("labels")::add);
    }
    Map<String, Integer> ranks = report.ranks();
    Map<String, List<Optional<EvaluationResult>>> byRung = report.journal().byRung();
    ArrayNode candidates = root.putArray("candidates");
    for (int i = 0; i < latest.size(); i++) {
      CandidateEntry c = latest.get(i);
      ObjectNode node = candidates.addObject();
      candidate(node, c, ranks.get(c.key()), byRung.get(c.key()));
      if (choices.get(i) != null) {
        ArrayNode values = node.putArray("genes");
        for (int g : axes) {
          values.add(choices.get(i)[g]);
        }
      }
    }
    try {
      return Json.mapper().writeValueAsString(root).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void candidate(
      ObjectNode node, CandidateEntry c, Integer rank, List<Optional<EvaluationResult>> rungs) {
    EvaluationResult r = c.result();
    Architecture a = c.architecture();
    node.put("key", c.key());
    if (rank != null) {
      node.put("rank", rank);
    }
    node.put("index", c.index());
    node.put("status", r.status().id());
    node.put("rung", c.rung());
    if (RunReport.trained(r)) {
      node.put("acc", r.bestValAccuracy());
      node.put("epoch", r.bestEpoch().orElse(0));
    } else {
      node.put("reason", r.error().orElse(r.stopReason()));
    }
    node.put("epochs", r.epochsRun());
    node.put("params", r.params());
    node.put("macs", r.macs());
    node.put("seconds", r.seconds());
    node.put("seed", String.valueOf(c.seed())); // 64 bits: a JS number would round it
    node.put("notation", a.notation());
    node.put("optimizer", a.training().optimizer().id());
    node.put("lr", a.training().learningRate());
    node.put("batch", a.training().batchSize());
    ArrayNode curves = node.putArray("curves");
    for (int rung = 0; rung < rungs.size(); rung++) {
      ArrayNode points = curves.addArray();
      for (EpochScore e : rungs.get(rung).map(EvaluationResult::curve).orElse(List.of())) {
        points.addArray().add(e.valAccuracy()).add(e.trainLoss());
      }
    }
    ArrayNode layers = node.putArray("layers");
    Analysis analysis = Analysis.of(a);
    for (Analysis.LayerCost l : analysis.layers()) {
      layers
          .addArray()
          .add(Notation.format(List.of(l.layer())))
          .add(l.out().toString())
          .add(l.params())
          .add(l.macs());
    }
    analysis.invalidReason().ifPresent(reason -> node.put("shapeError", reason));
  }

  /** Each gene's choice, or -1 where changing it would not change the network. */
  private static int[] activeChoices(SearchSpace space, CandidateEntry c) {
    int[] genotype = c.genotype().stream().mapToInt(Integer::intValue).toArray();
    int[] out = new int[genotype.length];
    for (int g = 0; g < genotype.length; g++) {
      out[g] = GeneImportance.active(space, genotype, g, c.key()) ? genotype[g] : -1;
    }
    return out;
  }

  /** The genes most worth an axis: the important ones first, then any that varies. */
  private static List<Integer> axes(RunReport report, SearchSpace space, List<int[]> choices) {
    Set<Integer> out = new LinkedHashSet<>();
    for (GeneImportance.Importance i : report.importance()) {
      for (int g = 0; g < space.genes().size(); g++) {
        if (space.genes().get(g).name().equals(i.gene())) {
          out.add(g);
        }
      }
    }
    for (int g = 0; g < space.genes().size(); g++) {
      Set<Integer> seen = new HashSet<>();
      for (int[] c : choices) {
        if (c != null && c[g] >= 0) {
          seen.add(c[g]);
        }
      }
      if (seen.size() >= 2) {
        out.add(g);
      }
    }
    return out.stream().limit(GENE_AXES).toList();
  }
}
