package io.nas4j.evaluator.data;

import io.nas4j.space.arch.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the MNIST family's IDX files ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-...}), gzipped (detected by content) or raw.
 *
 * <p>Sizes in a header are checked before anything is allocated: against the file's length (raw),
 * against the most a gzip file of its length can hold, against the largest Java array and against
 * the memory the heap has left. Gzipped data are allocated at once only when the gzip trailer's
 * length agrees with the header; otherwise they are read in chunks that grow only as data arrive.
 * Either way a header that lies never causes an allocation beyond what the file could hold.
 */
public final class IdxReader {

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /**
   * Deflate's best ratio is about 1032:1, so a gzip file of {@code n} bytes holds at most about
   * {@code 1032 n} bytes of data.
   */
  static final long GZIP_MAX_RATIO = 1032;

  /**
   * First buffer for gzipped data whose trailer disagrees with the header; it doubles as data
   * arrive, up to the header's size.
   */
  static final int GZIP_CHUNK = 8 << 20;

  private static final int IMAGES_HEADER = 16;
  private static final int LABELS_HEADER = 8;

  private IdxReader() {}

  /**
   * Reads the training ({@code train-*}) or test ({@code t10k-*}) part of an IDX folder.
   *
   * @param classes number of classes; a label outside {@code [0, classes)} is an error
   */
  public static LabeledImages read(Path folder, boolean train, int classes)
      throws DatasetException {
    String prefix = train ? "train" : "t10k";
    Path images = find(folder, prefix + "-images-idx3-ubyte");
    Path labels = find(folder, prefix + "-labels-idx1-ubyte");
    return read(images, labels, classes);
  }

  /** Reads one images file and one labels file. */
  public static LabeledImages read(Path imagesFile, Path labelsFile, int classes)
      throws DatasetException {
    int count;
    int rows;
    int cols;
    byte[] pixels;
    try (Source in = Source.open(imagesFile)) {
      int magic = in.header(IMAGES_HEADER);
      if (magic != IMAGES_MAGIC) {
        throw new DatasetException(
            "%s: not an IDX image file (magic number must be 0x%08x, but was 0x%08x)"
                .formatted(imagesFile, IMAGES_MAGIC, magic));
      }
      count = in.header(IMAGES_HEADER);
      rows = in.header(IMAGES_HEADER);
      cols = in.header(IMAGES_HEADER);
      if (count < 1 || rows < 1 || cols < 1) {
        throw new DatasetException(
            "%s: implausible IDX header (%d images of %dx%d)"
                .formatted(imagesFile, count, rows, cols));
      }
      String what = "%,d images of %dx%d".formatted(count, rows, cols);
      long bytes = product(count, rows, cols);
      in.requireContent(what, bytes, IMAGES_HEADER);
      // Pixels, the labels as read and as ints; a growing buffer needs up to twice the pixels.
      MemoryCheck.require(imagesFile, what, bytes * (in.growing(bytes) ? 2 : 1) + 5L * count);
      pixels = in.content(what, bytes);
    } catch (IOException e) {
      throw unreadable(imagesFile, e);
    }
    int[] labels;
    try (Source in = Source.open(labelsFile)) {
      int magic = in.header(LABELS_HEADER);
      if (magic != LABELS_MAGIC) {
        throw new DatasetException(
            "%s: not an IDX label file (magic number must be 0x%08x, but was 0x%08x)"
                .formatted(labelsFile, LABELS_MAGIC, magic));
      }
      int labelCount = in.header(LABELS_HEADER);
      if (labelCount != count) {
        throw new DatasetException(
            "%s has %d labels, but %s has %d images"
                .formatted(labelsFile, labelCount, imagesFile, count));
      }
      String what = "%,d labels".formatted(count);
      in.requireContent(what, count, LABELS_HEADER);
      byte[] raw = in.content(what, count);
      labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
        if (labels[i] >= classes) {
          throw new DatasetException(
              "%s: label %d of image %d is outside the network's %d classes"
                  .formatted(labelsFile, labels[i], i, classes));
        }
      }
    } catch (IOException e) {
      throw unreadable(labelsFile, e);
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(String.valueOf(c));
    }
    return new LabeledImages(Shape.of(1, rows, cols), pixels, labels, names);
  }

  private static Path find(Path folder, String name) throws DatasetException {
    for (Path candidate : List.of(folder.resolve(name + ".gz"), folder.resolve(name))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new DatasetException(
        "%s: missing %s (or %s.gz)%s".formatted(folder, name, name, installHint(folder)));
  }

  static String installHint(Path folder) {
    return folder.toString().startsWith("/usr/share/datasets/fashion-mnist")
        ? "; install it with 'sudo apt-get install dataset-fashion-mnist'"
        : "";
  }

  /** The product of positive ints, or {@code Long.MAX_VALUE} if it does not fit a long. */
  static long product(int... factors) {
    long product = 1;
    for (int factor : factors) {
      if (product > Long.MAX_VALUE / factor) {
        return Long.MAX_VALUE;
      }
      product *= factor;
    }
    return product;
  }

  private static DatasetException unreadable(Path file, IOException e) {
    String why = e instanceof ZipException ? "corrupt gzip data" : e.getMessage();
    return new DatasetException("%s: cannot be read (%s)".formatted(file, why), e);
  }

  /** An open IDX file: its header fields, then its content, with every size checked first. */
  private static final class Source implements AutoCloseable {
    private final Path file;
    private final DataInputStream in;
    private final boolean gzip;
    private final long fileSize;

    /** A gzip file's trailer: its uncompressed length modulo 2^32 (-1 for raw files). */
    private final long gzipLength;

    /** Bytes read so far: the header fields. */
    private int headerRead;

    private Source(Path file, DataInputStream in, boolean gzip, long fileSize, long gzipLength) {
      this.file = file;
      this.in = in;
      this.gzip = gzip;
      this.fileSize = fileSize;
      this.gzipLength = gzipLength;
    }

    static Source open(Path file) throws IOException, DatasetException {
      long size = Files.size(file);
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      try {
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        long gzipLength = gzip ? trailerLength(file, size) : -1;
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new Source(
            file,
            new DataInputStream(new BufferedInputStream(in, 1 << 16)),
            gzip,
            size,
            gzipLength);
      } catch (EOFException e) {
        raw.close();
        throw new DatasetException(file + ": truncated (it ends inside its gzip header)", e);
      } catch (IOException | RuntimeException e) {
        raw.close();
        throw e;
      }
    }

    /** The last four bytes of a gzip file (little-endian): the data's length modulo 2^32. */
    private static long trailerLength(Path file, long size) throws IOException {
      if (size < 4) {
        return -1;
      }
      try (FileChannel channel = FileChannel.open(file)) {
        ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (trailer.hasRemaining() && channel.read(trailer, size - 4 + trailer.position()) > 0) {
          // read on
        }
        return trailer.hasRemaining() ? -1 : trailer.getInt(0) & 0xffffffffL;
      }
    }

    /**
     * Whether {@link #content} grows its buffer for {@code bytes}: for gzip data, unless the
     * trailer's length agrees with the header's size (a file that ends where its header says).
     */
    boolean growing(long bytes) {
      return gzip && ((headerRead + bytes) & 0xffffffffL) != gzipLength;
    }

    /** The next big-endian int of a header of {@code headerBytes} bytes. */
    int header(int headerBytes) throws IOException, DatasetException {
      try {
        headerRead += 4;
        return in.readInt();
      } catch (EOFException e) {
        throw new DatasetException(
            "%s: truncated (shorter than the %d-byte IDX header)".formatted(file, headerBytes), e);
      }
    }

    /**
     * Fails unless the file can hold {@code bytes} bytes of content after its header: a raw file
     * must be that long, a gzip file long enough to hold them compressed, and either must fit one
     * Java array.
     */
    void requireContent(String what, long bytes, int headerBytes) throws DatasetException {
      long room = gzip ? fileSize * GZIP_MAX_RATIO : fileSize - headerBytes;
      if (bytes > room) {
        throw new DatasetException(
            gzip
                ? "%s: truncated: its header says %s (%,d bytes), more than its %,d compressed bytes can hold"
                    .formatted(file, what, bytes, fileSize)
                : "%s: truncated: its header says %s (%,d bytes), but only %,d bytes follow the header"
                    .formatted(file, what, bytes, room));
      }
      if (bytes > MemoryCheck.MAX_ARRAY) {
        throw new DatasetException(
            "%s: %s are %,d bytes, more than nas4j holds in memory (%,d bytes); use fewer images"
                .formatted(file, what, bytes, MemoryCheck.MAX_ARRAY));
      }
    }

    /** The next {@code bytes} bytes ({@link #requireContent} checked first). */
    byte[] content(String what, long bytes) throws IOException, DatasetException {
      int n = (int) bytes;
      byte[] buffer = new byte[growing(bytes) ? Math.min(n, GZIP_CHUNK) : n];
      int filled = 0;
      try {
        while (filled < n) {
          if (filled == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(n, 2L * buffer.length));
          }
          int read = in.read(buffer, filled, buffer.length - filled);
          if (read < 0) {
            throw new EOFException();
          }
          filled += read;
        }
      } catch (EOFException e) {
        // A gzip stream cut short ends with an EOFException rather than -1.
        throw new DatasetException(
            "%s: truncated: its header says %s (%,d bytes), but only %,d%s bytes follow the header"
                .formatted(file, what, bytes, filled, gzip ? " uncompressed" : ""),
            e);
      }
      return buffer;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
