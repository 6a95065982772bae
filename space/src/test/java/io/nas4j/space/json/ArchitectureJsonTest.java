package io.nas4j.space.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureJsonTest {

  static final Architecture SAMPLE =
      Architecture.of(
          Shape.of(1, 28, 28),
          Notation.parse(
              "c3x32 bn relu | max3s2 | sc5x64s2vnb elu | avg2 | d128 relu drop0.5 | out10"),
          Training.of(Optimizer.ADAM, 3.0e-4, 64));

  @Test
  void roundTripsExactly() {
    String json = ArchitectureJson.write(SAMPLE);
    Architecture back = ArchitectureJson.read(json);
    assertEquals(SAMPLE, back);
    assertEquals(json, ArchitectureJson.write(back));
    assertEquals(SAMPLE, ArchitectureJson.read(ArchitectureJson.writePretty(SAMPLE)));
  }

  @Test
  void graphsWriteSchemaVersion2AndRoundTrip() {
    Architecture graph =
        Architecture.of(
            Shape.of(1, 28, 28),
            Notation.parse(
                "c3x16 bn relu | res(c3x32s2 bn relu | c3x32 bn) relu"
                    + " | br(c1x16 relu; sc5x16 relu; max3s1p | c1x8 relu) | gap | out10"),
            Training.of(Optimizer.ADAM, 1.0e-3, 128));
    String json = ArchitectureJson.write(graph);
    assertTrue(json.startsWith("{\"schemaVersion\":2,"), json);
    assertTrue(json.contains("{\"type\":\"globalpool\",\"kind\":\"avg\"}"), json);
    assertTrue(json.contains("\"padding\":\"same\"}"), json);
    Architecture back = ArchitectureJson.read(json);
    assertEquals(graph, back);
    assertEquals(json, ArchitectureJson.write(back));
    assertTrue(ArchitectureJson.write(SAMPLE).startsWith("{\"schemaVersion\":1,"), "chains: v1");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ArchitectureJson.read(
                    json.replace("\"body\":[", "\"body\":[{\"type\":\"dense\",\"units\":3},")));
    assertTrue(
        e.getMessage().startsWith("layers[3]: a residual block's body holds"), e.getMessage());
  }

  @Test
  void matchesGoldenFileOfSchemaVersion1() throws IOException {
    String golden = resource("/golden/architecture-v1.json");
    assertEquals(SAMPLE, ArchitectureJson.read(golden));
    assertEquals(golden.strip(), ArchitectureJson.writePretty(SAMPLE).strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"schemaVersion\":3}| schemaVersion must be <= 2 (this nas4j's schema), but was 3",
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28}}| missing key input.width",
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"layers\":[{\"type\":\"conv\",\"kernel\":0}]}"
            + "| layers[0].kernel must be >= 1, but was 0",
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"layers\":[{\"type\":\"lstm\"}]}"
            + "| layers[0].type must be one of [conv, separableconv",
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"layers\":[{\"type\":\"dropout\",\"rate\":1.5}]}"
            + "| layers[0].rate: dropout rate must be in (0, 1), but was 1.5",
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"layers\":[{\"type\":\"batchnorm\",\"eps\":1}]}"
            + "| unknown key layers[0].eps; allowed keys here: type",
        "{\"schemaVersion\":1,\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"layers\":[{\"type\":\"batchnorm\"}],"
            + "\"training\":{\"optimizer\":\"adam\",\"learningRate\":0.001,\"batchSize\":8}}"
            + "| architecture: the last layer must be an output layer",
        "not json| architecture JSON is not valid JSON"
      })
  void rejectsBadJsonNamingThePath(String json, String expectedStart) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ArchitectureJson.read(json));
    assertEquals(
        expectedStart.strip(),
        e.getMessage()
            .substring(0, Math.min(e.getMessage().length(), expectedStart.strip().length())),
        e.getMessage());
  }

  @Test
  void jsonThatDoesNotParseIsNamedWithoutJacksonsSourceDescription() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ArchitectureJson.read("\n{\"schemaVersion\": 1"));
    assertEquals(
        "architecture JSON is not valid JSON: Unexpected end-of-input: expected close marker for"
            + " Object (start marker at [line: 2, column: 1]) at line 2, column 20",
        e.getMessage());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ArchitectureJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFileThatIsNoArchitectureJsonIsNamedWithoutReadingItAll(@TempDir Path dir)
      throws IOException {
    Path zip =
        Files.write(dir.resolve("model.zip"), new byte[] {0x50, 0x4b, 0x03, 0x04, (byte) 0xff});
    assertEquals(
        zip + ": not UTF-8 text, so not an architecture JSON (a model.zip is not one)",
        assertThrows(IllegalArgumentException.class, () -> ArchitectureJson.read(zip))
            .getMessage());
    assertEquals(
        "Is a directory",
        assertThrows(IOException.class, () -> ArchitectureJson.read(dir)).getMessage());
    Path big =
        Files.writeString(dir.resolve("big.json"), " ".repeat(ArchitectureJson.MAX_BYTES + 1));
    assertEquals(
        big + ": too large for an architecture JSON (more than 1,048,576 bytes)",
        assertThrows(IllegalArgumentException.class, () -> ArchitectureJson.read(big))
            .getMessage());
  }
}
