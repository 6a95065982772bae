package io.nas4j.space.journal;

import io.nas4j.space.Provenance;
import io.nas4j.space.spec.SearchSpec;
import java.util.Objects;

/** The first line of a run journal: the run's id, when it started, its spec and what ran it. */
public record JournalHeader(String runId, String created, SearchSpec spec, Provenance provenance) {

  public JournalHeader {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(provenance, "provenance");
  }
}
