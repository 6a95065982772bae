package io.nas4j.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O errors while a command writes, as the JDK reports them: on a path the user gave (or inside or
 * on the way to one) they are bad input, named by the path as the user wrote it with the cause in
 * words; on any other path they stay internal failures. Errors a test cannot cause as any user (a
 * full disk, a folder root may write) are made here as the JDK would throw them.
 */
class UserPathsTest {

  @TempDir Path dir;

  @Test
  void anErrorInsideAGivenFolderNamesThePathAsWritten() throws IOException {
    Path runs = Files.createDirectories(dir.resolve("runs"));
    Path journal = runs.resolve("r1").resolve("journal.jsonl");
    Files.createDirectories(journal.getParent());
    Files.writeString(journal, "");
    assertEquals(
        Optional.of(journal + ": permission denied"),
        UserPaths.describe(new AccessDeniedException(journal.toString()), List.of(runs)));
    // a file being created in a folder that may not be written: the folder is named
    assertEquals(
        Optional.of(runs.resolve("r1") + ": cannot write in it: permission denied"),
        UserPaths.describe(
            new AccessDeniedException(runs.resolve("r1").resolve(".report.md.7.tmp").toString()),
            List.of(runs)));
    assertEquals(
        Optional.of(journal + ": no such file or folder"),
        UserPaths.describe(new NoSuchFileException(journal.toString()), List.of(runs)));
    // a given file written through a temporary one beside it, in a folder that refuses new files
    // (as /proc does): the given file is named, not the temporary one
    Path out = runs.resolve("x.json");
    assertEquals(
        Optional.of(out + ": cannot be written here (no such file or folder)"),
        UserPaths.describe(
            new NoSuchFileException(runs.resolve(".x.json.26830.tmp").toString()), List.of(out)));
    assertEquals(
        Optional.of(journal + ": file name too long"),
        UserPaths.describe(
            new FileSystemException(journal.toString(), null, "File name too long"),
            List.of(runs)));
    // through an UncheckedIOException too
    assertEquals(
        Optional.of(journal + ": permission denied"),
        Nas.pathError(
            new UncheckedIOException(new AccessDeniedException(journal.toString())),
            List.of(runs)));
  }

  @Test
  void aRelativeGivenPathStaysRelative() {
    Path given = Path.of("target", "user-paths-test", "runs");
    Path absolute = given.toAbsolutePath().resolve("r1").resolve("report.md");
    assertEquals(
        Optional.of(given.resolve("r1").resolve("report.md") + ": read-only file system"),
        UserPaths.describe(
            new FileSystemException(absolute.toString(), null, "Read-only file system"),
            List.of(given)));
  }

  @Test
  void aFileOnTheWayToAGivenPathIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Path given = file.resolve("sub").resolve("x.json");
    // Files.createDirectories(afile/sub) where afile is a file
    assertEquals(
        Optional.of(given + ": " + file + " is a file, not a folder"),
        UserPaths.describe(new FileAlreadyExistsException(file.toString()), List.of(given)));
    assertEquals(
        Optional.of(given + ": " + file + " is a file, not a folder"),
        UserPaths.describe(
            new FileSystemException(file.resolve("sub").toString(), null, "Not a directory"),
            List.of(given)));
    Path runs = file.resolve("runs");
    assertEquals(
        Optional.of(runs.resolve("r1") + ": " + file + " is a file, not a folder"),
        UserPaths.describe(
            new FileSystemException(runs.resolve("r1").toString(), null, "Not a directory"),
            List.of(runs)));
  }

  @Test
  void anErrorOnAnyOtherPathStaysInternal() {
    Path runs = dir.resolve("runs");
    assertEquals(
        Optional.empty(),
        UserPaths.describe(
            new AccessDeniedException(dir.resolve("elsewhere").toString()), List.of(runs)));
    assertEquals(
        Optional.empty(),
        UserPaths.describe(new FileSystemException(null, null, "busy"), List.of(runs)));
    assertEquals(Optional.empty(), UserPaths.describe(new IOException("broken"), List.of(runs)));
    assertEquals(
        Optional.empty(), Nas.pathError(new IllegalStateException("a bug"), List.of(runs)));
  }

  @Test
  void writingNamesTheTargetOfAStorageError() throws Exception {
    Path runs = dir.resolve("runs");
    BadInputException full =
        assertThrows(
            BadInputException.class,
            () ->
                UserPaths.writing(
                    runs,
                    () -> {
                      throw new IOException("No space left on device");
                    }));
    assertEquals(runs + ": no space left on device", full.getMessage());
    BadInputException denied =
        assertThrows(
            BadInputException.class,
            () ->
                UserPaths.writing(
                    runs,
                    () -> {
                      throw new AccessDeniedException(runs.resolve("journal.jsonl").toString());
                    }));
    assertEquals(runs.resolve("journal.jsonl") + ": permission denied", denied.getMessage());
    // anything else passes unchanged
    IOException other = new IOException("stream closed");
    assertSame(
        other,
        assertThrows(
            IOException.class,
            () ->
                UserPaths.writing(
                    runs,
                    () -> {
                      throw other;
                    })));
    assertEquals("done", UserPaths.writing(runs, () -> "done"));
  }
}
