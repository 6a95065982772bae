package io.nas4j.space.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.Fuzz;
import io.nas4j.space.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random text and random edits of the shipped specs (YAML and their JSON form) through {@link
 * SpecReader}: each case must give a spec or a one-line {@link SpecException}, never another
 * exception, and a spec it gives must read back equal from what {@link SpecWriter} writes (as the
 * journal's header does).
 */
class SpecFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 21);
  private static final int CASES = Integer.getInteger("fuzz.cases", 4000);

  @Test
  void parseGivesASpecOrOneLineForAnyText() throws Exception {
    List<String> valid = new ArrayList<>();
    for (String name : List.of("fashion-mnist", "smoke", "scale-out")) {
      String yaml = resource("/io/nas4j/space/" + name + ".yaml");
      valid.add(yaml);
      valid.add(
          Json.mapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(SpecWriter.toTree(SpecReader.parse(yaml, name, null))));
    }
    SplittableRandom random = new SplittableRandom(SEED);
    int specs = 0;
    for (int i = 0; i < CASES; i++) {
      String text =
          i % 8 == 0
              ? Fuzz.randomText(random, 40)
              : Fuzz.mutate(valid.get(random.nextInt(valid.size())), random);
      specs += parses(text, Fuzz.show(i, text)) ? 1 : 0;
    }
    assertTrue(specs > CASES / 20, "some edits keep a spec valid, but only " + specs + " did");
  }

  @Test
  void readGivesASpecOrOneLineForAnyBytes(@TempDir Path dir) throws Exception {
    byte[] valid = resource("/io/nas4j/space/smoke.yaml").getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(SEED);
    Path file = dir.resolve("spec.yaml");
    for (int i = 0; i < 500; i++) {
      byte[] bytes = valid.clone();
      if (i % 2 == 0) {
        bytes = Fuzz.randomBytes(random, 64);
      } else {
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      Files.write(file, bytes);
      String what = Fuzz.show(i, new String(bytes, StandardCharsets.ISO_8859_1));
      try {
        assertNotNull(SpecReader.read(file), what);
      } catch (SpecException e) {
        Fuzz.assertOneLine(e, what);
      } catch (Throwable t) {
        throw new AssertionError(what + ": " + t, t);
      }
    }
  }

  /** Parses {@code text}; a spec it gives must also survive the round trip through a journal. */
  private static boolean parses(String text, String what) {
    SearchSpec spec;
    try {
      spec = SpecReader.parse(text, "spec", null);
    } catch (SpecException e) {
      Fuzz.assertOneLine(e, what);
      return false;
    } catch (Throwable t) {
      throw new AssertionError(what + ": " + t, t);
    }
    try {
      String written = Json.mapper().writeValueAsString(SpecWriter.toTree(spec));
      assertEquals(spec, SpecReader.parse(written, "written", null), what);
    } catch (Exception e) {
      throw new AssertionError(what + ": the spec does not read back: " + e.getMessage(), e);
    }
    return true;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SpecFuzzTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
