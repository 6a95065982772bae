package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nas4j.search.cli.SpaceCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** Argument checks of nas search that fail before any data is loaded. */
class SearchCommandTest {

  @TempDir Path runs;

  @Test
  void timeUnits() {
    Converters.Time time = new Converters.Time();
    assertEquals(Duration.ofMinutes(45), time.convert("45"));
    assertEquals(Duration.ofSeconds(90), time.convert("90s"));
    assertEquals(Duration.ofMinutes(30), time.convert("30m"));
    assertEquals(Duration.ofHours(2), time.convert("2h"));
    assertThrows(TypeConversionException.class, () -> time.convert("soon"));
    assertThrows(TypeConversionException.class, () -> time.convert("0m"));
  }

  @Test
  void badArgumentsAreOneLineWithExitCodeTwo() throws Exception {
    Result parallel = SpaceCommandTest.nas("search", "--parallel", "0", "--out", runs.toString());
    assertEquals(2, parallel.code());
    assertEquals("nas: --parallel must be >= 1, but was 0\n", parallel.err());

    Result strategy =
        SpaceCommandTest.nas("search", "--strategy", "hill", "--out", runs.toString());
    assertEquals(2, strategy.code());
    assertEquals(
        "nas: --strategy must be one of [regularized, evolution, random], but was 'hill'"
            + " (see 'nas search --help')\n",
        strategy.err());

    Result time = SpaceCommandTest.nas("search", "--time-limit", "soon", "--out", runs.toString());
    assertEquals(2, time.code());
    assertEquals(
        "nas: --time-limit must be minutes or a number with s, m or h (e.g. 30m), but was 'soon'"
            + " (see 'nas search --help')\n",
        time.err());
    // an alias is named as typed
    Result wall = SpaceCommandTest.nas("search", "--wall-time=0s", "--out", runs.toString());
    assertEquals(
        "nas: --wall-time must be between 1 second and 1 year, but was '0s'"
            + " (see 'nas search --help')\n",
        wall.err());
    Result generations =
        SpaceCommandTest.nas("search", "--generations", "0", "--out", runs.toString());
    assertEquals("nas: --generations must be >= 1, but was 0\n", generations.err());
    Result digits = SpaceCommandTest.nas("search", "--generations", "99999999999");
    assertEquals(
        "nas: --generations must be an integer in [-2147483648, 2147483647], but was '99999999999'"
            + " (see 'nas search --help')\n",
        digits.err());

    Result resume = SpaceCommandTest.nas("resume", runs.resolve("nothing").toString());
    assertEquals(2, resume.code());
    assertEquals(
        "nas: " + runs.resolve("nothing") + ": no such run folder or journal\n", resume.err());

    Files.createDirectories(runs.resolve("taken"));
    Result taken = SpaceCommandTest.nas("search", "--out", runs.toString(), "--run-id", "taken");
    assertEquals(2, taken.code());
    assertEquals(
        "nas: run folder "
            + runs.resolve("taken")
            + " already exists; continue it with --resume "
            + runs.resolve("taken")
            + "\n",
        taken.err());
    assertFalse(Files.exists(runs.resolve("taken").resolve("journal.jsonl")));
  }

  @Test
  void engineOptionsAreCheckedBeforeAnythingStarts() throws Exception {
    Result master =
        SpaceCommandTest.nas("search", "--master", "local[2]", "--out", runs.toString());
    assertEquals(2, master.code());
    assertEquals("nas: --master needs --engine spark\n", master.err());

    Result conf = SpaceCommandTest.nas("search", "--conf", "spark.x=1", "--out", runs.toString());
    assertEquals(2, conf.code());
    assertEquals("nas: --conf needs --engine spark\n", conf.err());

    // This module's class path has no engines: the Spark one lives in nas4j-spark.
    Result engine =
        SpaceCommandTest.nas(
            "search", "--engine", "spark", "--out", runs.toString(), "--run-id", "spark");
    assertEquals(2, engine.code());
    assertEquals(
        "nas: --engine spark is not on the class path (found: local); the Spark engine is in the"
            + " nas4j-spark build: spark/target/nas4j-spark-<version>/bin/nas\n",
        engine.err());
    assertFalse(Files.exists(runs.resolve("spark")));
  }
}
