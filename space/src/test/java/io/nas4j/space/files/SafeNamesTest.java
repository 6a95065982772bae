package io.nas4j.space.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.InvalidFieldException;
import io.nas4j.space.journal.RunId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafeNamesTest {

  @Test
  void acceptsOneNameOfLettersDigitsDashUnderscoreAndDot() {
    for (String name :
        new String[] {
          "r1", "20261128-081500-evolution-s42", "a.b", "_x", "-s-3", "x".repeat(128), "a..b"
        }) {
      assertTrue(SafeNames.isSafe(name), name);
      assertEquals(Path.of("runs", name), SafeNames.child(Path.of("runs"), "runId", name));
    }
  }

  @Test
  void refusesWhatWouldLeaveTheFolderOrBeTheFolder() {
    for (String name :
        new String[] {
          "",
          ".",
          "..",
          ".hidden",
          "a/b",
          "../x",
          "/tmp/x",
          "a\\b",
          "a\nb",
          "a b",
          "x".repeat(129),
          "é",
          "a:b",
          "*"
        }) {
      assertFalse(SafeNames.isSafe(name), name);
    }
    assertFalse(SafeNames.isSafe(null));
  }

  @Test
  void theMessageNamesTheFieldTheRuleAndTheValueOnOneLine() {
    InvalidFieldException e =
        assertThrows(InvalidFieldException.class, () -> SafeNames.check("runId", "a\nb"));
    assertEquals(
        "runId must be 1 to 128 ASCII letters, digits, '-', '_' or '.', not starting with '.',"
            + " but was 'a\\nb'",
        e.getMessage());
    assertEquals("runId", e.field());
    assertEquals("'" + "x".repeat(60) + "...' (300 characters)", SafeNames.quote("x".repeat(300)));
    assertEquals("'\\t\\u0000'", SafeNames.quote("\t\0"));
  }

  @Test
  void aRunIdIsTheNameOfAChildFolder() {
    assertEquals(Path.of("runs", "r1"), RunId.of("r1").folderIn(Path.of("runs")));
    assertEquals("r1", RunId.ofFolder(Path.of("runs", "r1")).value());
    assertThrows(InvalidFieldException.class, () -> RunId.ofFolder(Path.of("runs", "..")));
    assertThrows(InvalidFieldException.class, () -> RunId.ofFolder(Path.of("/")));
    assertThrows(InvalidFieldException.class, () -> RunId.of(""));
  }
}
