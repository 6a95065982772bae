package io.nas4j.space.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nas4j.space.journal.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AblationJournalTest {

  @TempDir Path dir;

  private String refusal(String header) throws Exception {
    Path file = Files.writeString(dir.resolve(AblationJournal.NAME), header + "\n");
    return assertThrows(JournalException.class, () -> AblationJournal.read(file))
        .getMessage()
        .replace(file.toString(), "J");
  }

  @Test
  void aHeaderThatLacksAKeyIsOneLineNotACrash() throws Exception {
    assertEquals(
        "J line 1: not an ablation header (a key is missing)",
        refusal("{\"type\":\"ablation\",\"schemaVersion\":1}"));
    assertEquals(
        "J line 1: not an ablation header (type must be ablation)", refusal("{\"type\":\"x\"}"));
  }
}
