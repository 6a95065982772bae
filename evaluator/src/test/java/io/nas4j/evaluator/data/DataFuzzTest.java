package io.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nas4j.space.arch.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random bytes and random mutations of valid IDX files and images through the dataset readers: each
 * case must give a valid result or a one-line {@link DatasetException}, never another exception (no
 * {@link OutOfMemoryError}, {@link NegativeArraySizeException}, ...). Seeded: a failure names its
 * case, and the same seed replays it.
 */
class DataFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 21);

  @TempDir Path dir;

  @Test
  void idxReaderGivesAResultOrOneLineForAnyBytes() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] images = IdxReaderTest.images(0x803, 5, 3, 3, 45);
    byte[] labels = IdxReaderTest.labels(0x801, 0, 1, 2, 1, 0);
    Path imagesFile = dir.resolve("images");
    Path labelsFile = dir.resolve("labels");
    int ok = 0;
    int cases = Integer.getInteger("fuzz.cases", 3000);
    for (int i = 0; i < cases; i++) {
      byte[] im = images;
      byte[] lb = labels;
      switch (i % 4) {
        case 0 -> im = randomBytes(random, 40);
        case 1 -> im = mutate(images, random);
        case 2 -> lb = mutate(labels, random);
        default -> {
          im = mutate(images, random);
          lb = mutate(labels, random);
        }
      }
      boolean gzipImages = random.nextInt(3) == 0;
      boolean gzipLabels = random.nextInt(3) == 0;
      byte[] imBytes = gzipImages ? maybeCorrupt(gzip(im), random) : im;
      byte[] lbBytes = gzipLabels ? maybeCorrupt(gzip(lb), random) : lb;
      Files.write(imagesFile, imBytes);
      Files.write(labelsFile, lbBytes);
      String what = "case %d: images %s, labels %s".formatted(i, hex(imBytes), hex(lbBytes));
      try {
        LabeledImages read = IdxReader.read(imagesFile, labelsFile, 3);
        assertEquals(read.size() * read.shape().size(), (long) read.size() * read.shape().size());
        assertTrue(read.size() > 0, what);
        ok++;
      } catch (DatasetException e) {
        assertOneLine(e, what);
      } catch (Throwable t) {
        throw new AssertionError(what + ": " + t, t);
      }
    }
    assertTrue(ok > cases / 50, "some mutations keep the files valid, but only " + ok + " did");
  }

  @Test
  void folderReaderGivesAResultOrOneLineForAnyImageBytes() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] png = encode("png");
    byte[] bmp = encode("bmp");
    Path a = dir.resolve("data/a/x.png");
    Path b = dir.resolve("data/b/y.bmp");
    Files.createDirectories(a.getParent());
    Files.createDirectories(b.getParent());
    Files.write(b, bmp);
    for (int i = 0; i < 300; i++) {
      byte[] bytes = i % 3 == 0 ? randomBytes(random, 64) : mutate(i % 3 == 1 ? png : bmp, random);
      Files.write(a, bytes);
      String what = "case %d: %s".formatted(i, hex(bytes));
      try {
        LabeledImages read = FolderReader.read(dir.resolve("data"), Shape.of(1, 4, 4), 2);
        assertEquals(2, read.size(), what);
      } catch (DatasetException e) {
        assertOneLine(e, what);
      } catch (Throwable t) {
        throw new AssertionError(what + ": " + t, t);
      }
    }
  }

  static void assertOneLine(Exception e, String what) {
    String message = e.getMessage();
    if (message == null || message.isBlank() || message.lines().count() != 1) {
      fail(what + ": not a one-line message: " + message, e);
    }
    assertFalse(message.contains("Exception"), what + ": " + message);
  }

  private static byte[] encode(String format) throws IOException {
    BufferedImage image = new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB);
    image.setRGB(2, 3, 0x336699);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  static byte[] randomBytes(SplittableRandom random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * One to four random edits: flip a byte, write an extreme int (0, -1, MIN, MAX, random) over a
   * position (where IDX headers keep their sizes), cut the end, insert or append random bytes.
   */
  static byte[] mutate(byte[] valid, SplittableRandom random) {
    byte[] bytes = valid.clone();
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      switch (random.nextInt(5)) {
        case 0 -> {
          if (bytes.length > 0) {
            bytes[at] = (byte) random.nextInt(256);
          }
        }
        case 1 -> {
          int[] extremes = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt()};
          int value = extremes[random.nextInt(extremes.length)];
          int pos = at & ~3;
          if (pos + 4 <= bytes.length) {
            ByteBuffer.wrap(bytes).putInt(pos, value);
          }
        }
        case 2 -> bytes = Arrays.copyOf(bytes, at);
        case 3 -> {
          byte[] insert = randomBytes(random, 8);
          byte[] out = new byte[bytes.length + insert.length];
          System.arraycopy(bytes, 0, out, 0, at);
          System.arraycopy(insert, 0, out, at, insert.length);
          System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
          bytes = out;
        }
        default -> {
          byte[] tail = randomBytes(random, 16);
          byte[] out = Arrays.copyOf(bytes, bytes.length + tail.length);
          System.arraycopy(tail, 0, out, bytes.length, tail.length);
          bytes = out;
        }
      }
    }
    return bytes;
  }

  private static byte[] maybeCorrupt(byte[] gz, SplittableRandom random) {
    return random.nextBoolean() ? gz : mutate(gz, random);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 96));
  }
}
