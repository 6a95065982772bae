package io.nas4j.space.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole file the user named (a spec, a journal, an architecture JSON) with a size limit, so
 * that a huge file or a device such as {@code /dev/zero} is an error, not a full heap.
 */
public final class BoundedFiles {

  private BoundedFiles() {}

  /** A file longer than the limit its reader allows. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    TooLargeException(Path file, int limit) {
      super("%s: more than %,d bytes".formatted(file, limit));
      this.limit = limit;
    }

    /** The limit the file exceeds, in bytes. */
    public int limit() {
      return limit;
    }
  }

  /**
   * All bytes of {@code file}, at most {@code max}.
   *
   * @throws TooLargeException if it has more than {@code max} bytes
   * @throws IOException if it cannot be read (e.g. {@link java.nio.file.NoSuchFileException}, or a
   *     folder: "Is a directory")
   */
  public static byte[] read(Path file, int max) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(max + 1);
    }
    if (bytes.length > max) {
      throw new TooLargeException(file, max);
    }
    return bytes;
  }
}
