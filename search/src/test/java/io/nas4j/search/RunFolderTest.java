package io.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.journal.JournalFile;
import io.nas4j.space.spec.SearchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder's name is its run id: Search.start refuses one that is not, before anything. */
class RunFolderTest {

  @TempDir Path dir;

  @Test
  void startRefusesAFolderWhoseNameIsNotARunIdBeforeLoadingData() throws Exception {
    SearchSpec spec = SearchTest.spec("random", 2, "");
    Path runs = Files.createDirectories(dir.resolve("runs"));
    for (Path folder :
        List.of(runs.resolve(".."), runs.resolve("."), runs.resolve(".hidden"), Path.of("/"))) {
      InvalidFieldException e =
          assertThrows(
              InvalidFieldException.class,
              () ->
                  Search.start(
                      spec,
                      folder,
                      s -> fail("the data must not be loaded"),
                      SearchTest.options(1)),
              folder.toString());
      assertEquals("runId", e.field());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(List.of(dir, runs), files.sorted().toList());
    }
  }

  @Test
  void theHeaderHoldsTheRunId() throws Exception {
    Search.start(
        SearchTest.spec("random", 2, ""),
        dir.resolve("runs").resolve("r-1"),
        s -> new FakeEvaluator(),
        SearchTest.options(1));
    assertEquals("r-1", JournalFile.read(dir.resolve("runs").resolve("r-1")).header().runId());
  }
}
