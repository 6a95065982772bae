package io.nas4j.evaluator.data;

import io.nas4j.space.arch.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the MNIST family's IDX files ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-...}), gzipped (detected by content) or raw.
 */
public final class IdxReader {

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

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
    try (DataInputStream in = open(imagesFile)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new DatasetException(
            "%s: not an IDX image file (magic number must be 0x%08x, but was 0x%08x)"
                .formatted(imagesFile, IMAGES_MAGIC, magic));
      }
      count = in.readInt();
      rows = in.readInt();
      cols = in.readInt();
      if (count < 1 || rows < 1 || cols < 1 || (long) count * rows * cols > Integer.MAX_VALUE) {
        throw new DatasetException(
            "%s: implausible IDX header (%d images of %dx%d)"
                .formatted(imagesFile, count, rows, cols));
      }
      pixels = new byte[count * rows * cols];
      in.readFully(pixels);
    } catch (EOFException e) {
      throw new DatasetException(imagesFile + ": truncated (fewer bytes than its header says)", e);
    } catch (IOException e) {
      throw unreadable(imagesFile, e);
    }
    int[] labels;
    try (DataInputStream in = open(labelsFile)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new DatasetException(
            "%s: not an IDX label file (magic number must be 0x%08x, but was 0x%08x)"
                .formatted(labelsFile, LABELS_MAGIC, magic));
      }
      int labelCount = in.readInt();
      if (labelCount != count) {
        throw new DatasetException(
            "%s has %d labels, but %s has %d images"
                .formatted(labelsFile, labelCount, imagesFile, count));
      }
      byte[] raw = new byte[count];
      in.readFully(raw);
      labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
        if (labels[i] >= classes) {
          throw new DatasetException(
              "%s: label %d of image %d is outside the spec's %d classes"
                  .formatted(labelsFile, labels[i], i, classes));
        }
      }
    } catch (EOFException e) {
      throw new DatasetException(labelsFile + ": truncated (fewer bytes than its header says)", e);
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

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    InputStream in = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  private static DatasetException unreadable(Path file, IOException e) {
    String why = e instanceof ZipException ? "corrupt gzip data" : e.getMessage();
    return new DatasetException("%s: cannot be read (%s)".formatted(file, why), e);
  }
}
