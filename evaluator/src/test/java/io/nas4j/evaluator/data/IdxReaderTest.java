package io.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.arch.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  /** IDX images: magic, count, rows, cols, then count*rows*cols bytes (pixel = image*10 + i). */
  static byte[] images(int magic, int count, int rows, int cols, int bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(magic);
    data.writeInt(count);
    data.writeInt(rows);
    data.writeInt(cols);
    for (int i = 0; i < bytes; i++) {
      data.writeByte((i / (rows * cols)) * 10 + i % (rows * cols));
    }
    return out.toByteArray();
  }

  static byte[] labels(int magic, int... labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(magic);
    data.writeInt(labels.length);
    for (int label : labels) {
      data.writeByte(label);
    }
    return out.toByteArray();
  }

  private void write(String name, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out =
        gzip
            ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))
            : Files.newOutputStream(dir.resolve(name))) {
      out.write(content);
    }
  }

  private void writeValid(boolean gzip) throws IOException {
    write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 12), gzip);
    write("train-labels-idx1-ubyte", labels(0x801, 2, 0, 1), gzip);
  }

  @Test
  void readsGzippedFiles() throws Exception {
    writeValid(true);
    LabeledImages images = IdxReader.read(dir, true, 3);
    assertEquals(3, images.size());
    assertEquals(Shape.of(1, 2, 2), images.shape());
    assertEquals(2, images.label(0));
    assertEquals(13, images.pixel(1, 3));
    assertEquals(Arrays.toString(new int[] {1, 1, 1}), Arrays.toString(images.classCounts()));
  }

  @Test
  void readsRawFilesToTheSameImages() throws Exception {
    writeValid(false);
    LabeledImages raw = IdxReader.read(dir, true, 3);
    assertEquals(22, raw.pixel(2, 2));
  }

  @Test
  void missingFolderFilesAreNamed() {
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, false, 10));
    assertEquals(
        dir + ": missing t10k-images-idx3-ubyte (or t10k-images-idx3-ubyte.gz)", e.getMessage());
  }

  @Test
  void wrongMagicNumber() throws Exception {
    write("train-images-idx3-ubyte", images(0x801, 3, 2, 2, 12), false);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage()
            .endsWith(
                "train-images-idx3-ubyte: not an IDX image file (magic number must be 0x00000803,"
                    + " but was 0x00000801)"),
        e.getMessage());
  }

  @Test
  void truncatedImages() throws Exception {
    write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 10), true);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), true);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage()
            .endsWith(
                "train-images-idx3-ubyte.gz: truncated: its header says 3 images of 2x2 (12 bytes),"
                    + " but only 10 uncompressed bytes follow the header"),
        e.getMessage());
  }

  @Test
  void aHeaderThatClaimsMoreThanTheRawFileHoldsIsRefusedBeforeAllocating() throws Exception {
    write("train-images-idx3-ubyte", images(0x803, Integer.MAX_VALUE, 1, 1, 12), false);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertEquals(
        dir.resolve("train-images-idx3-ubyte")
            + ": truncated: its header says 2,147,483,647 images of 1x1 (2,147,483,647 bytes),"
            + " but only 12 bytes follow the header",
        e.getMessage());
  }

  @Test
  void aGzipFileCannotClaimMoreThanDeflateCanHold() throws Exception {
    write("train-images-idx3-ubyte", images(0x803, 1 << 30, 1, 1, 12), true);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), true);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage()
            .matches(
                ".*train-images-idx3-ubyte.gz: truncated: its header says 1,073,741,824 images of"
                    + " 1x1 \\(1,073,741,824 bytes\\), more than its \\d+ compressed bytes can hold"),
        e.getMessage());
  }

  @Test
  void aGzipFileThatLiesWithinDeflatesRatioIsReadInGrowingChunks() throws Exception {
    // 4 MiB of repeated bytes compress to ~14 KiB: the header's 12 MiB could fit, but are not
    // there.
    write("train-images-idx3-ubyte", images(0x803, 12 << 20, 1, 1, 4 << 20), true);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), true);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage()
            .endsWith(
                "truncated: its header says 12,582,912 images of 1x1 (12,582,912 bytes), but only"
                    + " 4,194,304 uncompressed bytes follow the header"),
        e.getMessage());
  }

  @Test
  void aGzipTrailerThatAgreesWithALyingHeaderEndsInACorruptGzipError() throws Exception {
    write("train-images-idx3-ubyte", images(0x803, 12 << 20, 1, 1, 4 << 20), true);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), true);
    Path gz = dir.resolve("train-images-idx3-ubyte.gz");
    byte[] bytes = Files.readAllBytes(gz);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (12 << 20) + 16);
    Files.write(gz, bytes);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertEquals(gz + ": cannot be read (corrupt gzip data)", e.getMessage());
  }

  @Test
  void sizesWhoseProductOverflowsAreRefused() throws Exception {
    int big = Integer.MAX_VALUE;
    write("train-images-idx3-ubyte", images(0x803, big, big, big, 0), false);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage().contains("(9,223,372,036,854,775,807 bytes), but only 0 bytes follow"),
        e.getMessage());
    assertEquals(Long.MAX_VALUE, IdxReader.product(big, big, big));
    assertEquals(6L * big, IdxReader.product(2, 3, big));
  }

  @Test
  void aLabelFileShorterThanItsCountIsRefused() throws Exception {
    write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 12), false);
    byte[] labels = labels(0x801, 0, 0, 0);
    write("train-labels-idx1-ubyte", Arrays.copyOf(labels, labels.length - 1), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage()
            .endsWith(
                "train-labels-idx1-ubyte: truncated: its header says 3 labels (3 bytes), but only 2"
                    + " bytes follow the header"),
        e.getMessage());
  }

  @Test
  void aFileShorterThanItsHeader() throws Exception {
    Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(
        e.getMessage().endsWith("truncated (shorter than the 16-byte IDX header)"), e.getMessage());
  }

  @Test
  void dataTooLargeForTheHeapAreRefusedWithTheirSize() {
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                MemoryCheck.require(
                    Path.of("x-idx3-ubyte"),
                    "60,000 images of 28x28",
                    47_340_000,
                    10 << 20,
                    64 << 20));
    assertEquals(
        "x-idx3-ubyte: 60,000 images of 28x28 need about 46 MiB of memory, but this JVM has 10 MiB"
            + " left of its 64 MiB heap; give it more with -Xmx (e.g. java -Xmx2g)",
        e.getMessage());
  }

  @Test
  void labelCountMismatch() throws Exception {
    write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 12), false);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 1), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(e.getMessage().contains("has 2 labels, but "), e.getMessage());
    assertTrue(e.getMessage().endsWith("has 3 images"), e.getMessage());
  }

  @Test
  void labelOutsideTheClasses() throws Exception {
    writeValid(false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 2));
    assertTrue(
        e.getMessage().endsWith("label 2 of image 0 is outside the network's 2 classes"),
        e.getMessage());
  }

  @Test
  void corruptGzip() throws Exception {
    byte[] gz = Files.readAllBytes(writeGz());
    for (int i = 12; i < gz.length - 8; i++) {
      gz[i] ^= 0x5a;
    }
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gz);
    write("train-labels-idx1-ubyte", labels(0x801, 0, 0, 0), false);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, true, 3));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: "), e.getMessage());
  }

  private Path writeGz() throws IOException {
    write("train-images-idx3-ubyte", images(0x803, 3, 2, 2, 12), true);
    return dir.resolve("train-images-idx3-ubyte.gz");
  }
}
