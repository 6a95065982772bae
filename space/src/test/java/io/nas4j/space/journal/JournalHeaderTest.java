package io.nas4j.space.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nas4j.space.Provenance;
import io.nas4j.space.spec.Rungs;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header's spec reads back as written, and journals from before a key read as they ran. */
class JournalHeaderTest {

  @TempDir Path dir;

  private SearchSpec readBack(String headerLine) throws Exception {
    Path file = dir.resolve("journal.jsonl");
    Files.writeString(file, headerLine + "\n");
    return JournalFile.read(file).header().spec();
  }

  @Test
  void theDefaultSpecReadsBackAndAJournalFromBeforeRungsPromotionRestarts() throws Exception {
    SearchSpec spec = SpecReader.defaultSpec();
    String line =
        JournalCodec.header(
            new JournalHeader("r", "2026-01-01T00:00:00Z", spec, Provenance.of(Map.of())));
    assertEquals(spec, readBack(line));
    assertEquals(Rungs.Promotion.CONTINUE, readBack(line).rungs().promotion());
    String old = line.replace("\"promotion\":\"continue\",", "");
    assertEquals(line.length() - "\"promotion\":\"continue\",".length(), old.length());
    assertEquals(Rungs.Promotion.RESTART, readBack(old).rungs().promotion());
  }
}
