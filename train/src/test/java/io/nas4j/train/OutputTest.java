package io.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nas4j.space.InvalidFieldException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputTest {

  @Test
  void aTrainingFolderIsAChildNamedAfterTheKey() {
    Path train = Path.of("runs", "r1", "train");
    assertEquals(train.resolve("0123abcd"), Output.in(train).resolve("0123abcd"));
    assertEquals(
        train.resolve("0123abcd-reproduce"),
        Output.in(train).withSuffix("-reproduce").resolve("0123abcd"));
    for (String key : new String[] {"../x", "", "/tmp/x", "a/b", ".x"}) {
      InvalidFieldException e =
          assertThrows(InvalidFieldException.class, () -> Output.in(train).resolve(key), key);
      assertEquals("key", e.field());
    }
    // an exact folder is the user's own choice
    assertEquals(Path.of("mine"), Output.at(Path.of("mine")).resolve("../x"));
  }
}
