package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpaceCommandTest {

  record Result(int code, String out, String err) {}

  static Result nas(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Nas.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void showsSizeAndSamplesOfTheDefaultSpec() {
    Result r = nas("space", "--samples", "4");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("genes       54 (blocks 1..4)"), r.out());
    assertTrue(r.out().contains("genotypes   "), r.out());
    assertTrue(r.out().contains("samples (seed 42):"), r.out());
    assertEquals(4, r.out().lines().filter(l -> l.contains("| out10")).count(), r.out());
    assertEquals("", r.err());
  }

  @Test
  void namesTheStemsChoicesAndItsGenesHaveThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("stem.yaml");
    Files.writeString(
        file,
        """
        dataset: {kind: idx, path: /x}
        input: {channels: 1, height: 28, width: 28}
        classes: 10
        blocks:
          min: 1
          max: 2
          stride: [1, 2]
          kind: [plain, residual]
          stem: {kind: [plain], stride: [2]}
        """);
    Result r = nas("space", file.toString(), "--genes", "--samples", "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("(blocks 1..2; the first block's stem: stride [2], kind [plain])"),
        r.out());
    assertTrue(r.out().contains("\n  block0.kind              plain\n"), r.out());
    assertTrue(r.out().contains("\n  block1.kind              plain, residual\n"), r.out());
  }

  @Test
  void saysHowManyRandomNetworksAreTrainableAndWhyTheOthersAreNot() {
    Result r = nas("space", "--samples", "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("\ntrainable   418 of 1,000 random networks (42%, seed 42)\n"), r.out());
    assertTrue(
        r.out()
            .contains(
                "\n        181  exceed constraints.maxMacs 8,000,000 (e.g. 54,191,872 MACs exceed"
                    + " constraints.maxMacs 8,000,000)\n"),
        r.out());
  }

  @Test
  void aSpaceWithoutATrainableNetworkIsBadInput(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(
        file,
        """
        dataset: {kind: idx, path: /x}
        input: {channels: 1, height: 28, width: 28}
        classes: 10
        blocks: {min: 1, max: 2, kernel: [3, 5], channels: [8, 16]}
        constraints: {maxParams: 10}
        """);
    Result r = nas("space", file.toString(), "--samples", "2");
    assertEquals(2, r.code());
    assertTrue(
        r.out().contains("\ntrainable   0 of 1,000 random networks (0%, seed 42)\n"), r.out());
    assertTrue(r.out().contains("samples (seed 42):"), r.out());
    assertTrue(
        r.err()
            .startsWith(
                "nas: spec file "
                    + file
                    + ": the search space has no trainable network: 0 of 1,000 random networks are"
                    + " trainable: 1,000 exceed constraints.maxParams 10 (e.g. "),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void samplesAreReproducibleForASeed() {
    assertEquals(nas("space", "--seed", "9").out(), nas("space", "--seed", "9").out());
  }

  @Test
  void printSpecWritesAReadableSpec(@TempDir Path dir) throws Exception {
    Result printed = nas("space", "--print-spec");
    assertEquals(0, printed.code());
    Path file = dir.resolve("copy.yaml");
    Files.writeString(file, printed.out());
    Result again = nas("space", file.toString(), "--samples", "2", "--genes");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("block3.poolStride"), again.out());
  }

  @Test
  void badSpecIsOneLineWithExitCodeTwo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        dataset: {kind: idx, path: /x}
        input: {channels: 1, height: 28, width: 28}
        classes: 10
        blocks: {min: 2, max: 1}
        """);
    Result r = nas("space", file.toString());
    assertEquals(2, r.code());
    assertEquals(
        "nas: spec file " + file + ": blocks.max must be >= blocks.min (2), but was 1\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void verboseAddsTheStackTrace() {
    Result r = nas("space", "missing.yaml", "--verbose");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("nas: spec file missing.yaml: not found\n"), r.err());
    assertTrue(r.err().contains("at io.nas4j.space.spec.SpecReader"), r.err());
  }

  @Test
  void unknownOptionIsBadInput() {
    Result r = nas("space", "--sample", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("nas: Unknown option: '--sample'"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
