package io.nas4j.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.space.journal.JournalHeader;
import io.nas4j.space.json.ArchitectureJson;
import io.nas4j.space.json.Json;
import io.nas4j.space.json.ResultJson;
import io.nas4j.space.result.Status;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code report.json}: the run (id, strategy, objective, seed, provenance, end reason, seconds),
 * counts by status, failures, the whole ranking (each row's architecture, result and accuracy at
 * each rung), the final trainings, the rank fidelity, the answers of ablations, the evidence, the
 * gene importance and the best-so-far curve. A pure function of the report.
 */
public final class ReportJson {

  /** Schema version of {@code report.json}. */
  public static final int SCHEMA_VERSION = 1;

  private ReportJson() {}

  /** {@code report.json} of {@code report}. */
  static String render(RunReport report) {
    JournalHeader h = report.journal().header();
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("runId", h.runId());
    root.put("created", h.created());
    root.put("strategy", h.spec().search().strategy().id());
    root.put("objective", h.spec().search().objective().id());
    root.put("seed", h.spec().seed());
    ObjectNode provenance = root.putObject("provenance");
    h.provenance().toMap().forEach(provenance::put);
    if (report.endReason().isPresent()) {
      root.put("endReason", report.endReason().get());
    } else {
      root.putNull("endReason");
    }
    root.put("seconds", report.seconds());
    ObjectNode counts = root.putObject("counts");
    for (Status status : Status.values()) {
      counts.put(status.id(), report.byStatus().get(status));
    }
    counts.put("duplicates", report.duplicates());
    ObjectNode failures = root.putObject("failures");
    report.failures().forEach(failures::put);
    ArrayNode ranking = root.putArray("ranking");
    for (RunReport.Row row : report.ranking()) {
      ObjectNode r = ranking.addObject();
      r.put("rank", row.rank());
      r.put("key", row.candidate().key());
      r.put("notation", row.candidate().architecture().notation());
      r.put("paretoMacs", row.paretoMacs());
      r.put("paretoParams", row.paretoParams());
      r.put("generation", row.candidate().generation());
      r.put("index", row.candidate().index());
      r.set("architecture", ArchitectureJson.toTree(row.candidate().architecture()));
      r.set("result", ResultJson.toTree(row.candidate().result()));
      if (h.spec().rungs().any()) {
        r.put("rung", row.candidate().rung());
        ArrayNode byRung = r.putArray("valAccuracyByRung");
        row.rungAccuracies().forEach(a -> a.ifPresentOrElse(byRung::add, byRung::addNull));
      }
    }
    ArrayNode trainings = root.putArray("trainings");
    Map<String, Integer> ranks = report.ranks();
    report.retrainings().forEach(t -> trainings.add(t.toTree(ranks)));
    report
        .fidelity()
        .ifPresent(
            f -> {
              ObjectNode n = root.putObject("rankFidelity");
              n.put("architectures", f.pairs().size());
              n.put("kendallTau", f.tau());
              n.put("kendallTauLow", f.tauLow());
              n.put("kendallTauHigh", f.tauHigh());
              n.put("spearmanRho", f.rho());
              n.put("spearmanRhoLow", f.rhoLow());
              n.put("spearmanRhoHigh", f.rhoHigh());
              ArrayNode pairs = n.putArray("pairs");
              for (RankFidelity.Pair p : f.pairs()) {
                ObjectNode pair = pairs.addObject();
                pair.put("key", p.key());
                pair.put("rank", p.rank());
                pair.put("testAccuracy", p.testAccuracy());
              }
            });
    if (!report.ablations().isEmpty()) {
      AnswerSections.json(root, report);
    }
    ArrayNode evidence = root.putArray("evidence");
    for (Evidence.Finding e : report.evidence()) {
      ObjectNode node = evidence.addObject();
      node.put("question", e.question());
      node.put("kind", e.kind());
      node.put("measure", e.measure());
      node.put("n", e.n());
      if (e.enoughData()) {
        node.put("effect", e.effect());
        node.put("low", e.low());
        node.put("high", e.high());
      } else {
        node.putNull("effect");
        node.putNull("low");
        node.putNull("high");
      }
      node.put("text", e.text());
    }
    ArrayNode importance = root.putArray("geneImportance");
    for (GeneImportance.Importance i : report.importance()) {
      ObjectNode node = importance.addObject();
      node.put("gene", i.gene());
      node.put("etaSquared", i.etaSquared());
      node.put("low", i.low());
      node.put("high", i.high());
      node.put("n", i.n());
      node.put("choices", i.choices());
    }
    ArrayNode best = root.putArray("bestSoFar");
    report.bestSoFar().forEach(best::add);
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
