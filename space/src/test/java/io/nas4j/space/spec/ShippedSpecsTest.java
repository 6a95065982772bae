package io.nas4j.space.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec in the project's {@code specs/} folder reads, writes back as the journal's header does
 * and reads back equal, and draws trainable networks: a spec added there is checked without a line
 * here.
 */
class ShippedSpecsTest {

  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "specs"))) {
      List<Path> specs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertTrue(specs.size() >= 5, "the specs folder has the shipped specs: " + specs);
      return specs.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void readsWritesBackAndDrawsTrainableNetworks(Path file) throws Exception {
    SearchSpec spec = SpecReader.read(file);
    String written = Json.mapper().writeValueAsString(SpecWriter.toTree(spec));
    assertEquals(spec, SpecReader.parse(written, file.toString(), null));
    SearchSpace space = SearchSpace.of(spec);
    SplittableRandom random = new SplittableRandom(42);
    int trainable = 0;
    for (int i = 0; i < 200; i++) {
      if (space.rejection(space.decode(space.randomGenotype(random))).isEmpty()) {
        trainable++;
      }
    }
    assertTrue(trainable >= 20, file + ": only " + trainable + " of 200 random networks trainable");
  }
}
