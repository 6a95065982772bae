package io.nas4j.space.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces files atomically: readers see the old content or the new, never a part. The temporary
 * file ({@code .<name>.<pid>.tmp} in the same folder) is removed if writing fails.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes a file through a path, e.g. a library that only writes to a {@code File}. */
  @FunctionalInterface
  public interface Writer {
    void write(Path temporary) throws IOException;
  }

  /** Creates the folder if needed and replaces {@code file} with {@code text} (UTF-8). */
  public static void write(Path file, String text) throws IOException {
    write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  /** Creates the folder if needed and replaces {@code file} with what {@code writer} writes. */
  public static void write(Path file, Writer writer) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path tmp =
        folder.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      writer.write(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
