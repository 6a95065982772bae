package io.nas4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars executors need that a Spark installation lacks: nas4j, Deeplearning4j, ND4J and its
 * natives, and their dependencies, taken from this JVM's class path. Spark's own jars (and its
 * Scala, Hadoop, logging and Netty jars) are left out, since every worker has them; class-path
 * folders (a development build's target/classes) are packed into jars first.
 */
final class DriverJars {

  /** File-name prefixes of jars every Spark 4 installation has in its jars/ folder. */
  static final List<String> SPARK_PROVIDED =
      List.of(
          "spark-",
          "scala-",
          "hadoop-",
          "log4j-",
          "slf4j-",
          "jul-to-slf4j-",
          "jcl-over-slf4j-",
          "netty-",
          "jackson-module-scala",
          "json4s-",
          "chill",
          "kryo",
          "RoaringBitmap",
          "zstd-jni",
          "snappy-java",
          "lz4-java",
          "xbean-asm",
          "ivy-",
          "py4j-",
          "avro",
          "jersey-",
          "jakarta.",
          "jetty-",
          "metrics-",
          "curator-",
          "zookeeper",
          "rocksdbjni",
          "leveldbjni",
          "datasketches",
          "commons-crypto",
          "stream-",
          "oro-",
          "janino",
          "commons-compiler");

  private DriverJars() {}

  /**
   * The jars to ship, with class-path folders packed into jars in a temporary folder that is
   * deleted when the JVM exits.
   */
  static List<String> toShip() throws IOException {
    List<String> out = new ArrayList<>();
    Path scratch = null;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(path)) {
        if (scratch == null) {
          scratch = Files.createTempDirectory("nas4j-spark-jars");
          scratch.toFile().deleteOnExit();
        }
        out.add(pack(path, scratch).toString());
      } else if (Files.isRegularFile(path)
          && path.toString().endsWith(".jar")
          && !sparkProvided(path.getFileName().toString())) {
        out.add(path.toString());
      }
    }
    return out;
  }

  static boolean sparkProvided(String fileName) {
    return SPARK_PROVIDED.stream().anyMatch(fileName::startsWith);
  }

  /** Packs a class-path folder into a jar. */
  private static Path pack(Path folder, Path scratch) throws IOException {
    String name = folder.getFileName() + "-" + Integer.toHexString(folder.hashCode());
    Path jar = scratch.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(folder)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        if (Files.isRegularFile(f)) {
          out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
    }
    return jar;
  }
}
