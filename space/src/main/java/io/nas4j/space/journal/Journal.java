package io.nas4j.space.journal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run journal as read back: header, candidates and generations in file order, the end line if the
 * run finished, and whether a torn last line (a write cut off by a crash) was ignored.
 */
public record Journal(
    JournalHeader header,
    List<CandidateEntry> candidates,
    List<GenerationEntry> generations,
    Optional<String> endReason,
    boolean tornLastLine) {

  public Journal {
    Objects.requireNonNull(header, "header");
    candidates = List.copyOf(candidates);
    generations = List.copyOf(generations);
  }
}
