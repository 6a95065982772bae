package io.nas4j.space.journal;

import io.nas4j.space.spec.SearchSpec;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The first line of a run journal: what produced the run. {@code provenance} holds versions (nas4j,
 * DL4J, Java, Jenetics), the backend and the host, as free-form strings.
 */
public record JournalHeader(
    String runId, String created, SearchSpec spec, Map<String, String> provenance) {

  public JournalHeader {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(spec, "spec");
    provenance = Map.copyOf(new TreeMap<>(provenance));
  }
}
