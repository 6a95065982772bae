package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.space.SearchSpace;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import io.nas4j.space.spec.SpecReader;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaExportTest {

  @TempDir Path dir;

  /**
   * The exported source of 40 random default-space architectures and of one with every layer kind
   * and each optimizer compiles, and builds a configuration whose DL4J JSON equals
   * NetworkBuilder's.
   */
  @Test
  void exportedSourceCompilesAndBuildsTheSameConfiguration() throws Exception {
    List<Architecture> architectures = new ArrayList<>();
    SearchSpace space = SearchSpace.of(SpecReader.defaultSpec());
    Random random = new Random(5);
    while (architectures.size() < 40) {
      Architecture arch = space.decode(space.randomGenotype(random));
      if (Analysis.of(arch).valid()) {
        architectures.add(arch);
      }
    }
    String everyKind =
        "sc5x16s2 bn relu | c3x32nb tanh | avg3s2 | c3x8v elu | max2 | d64 swish drop0.25 |"
            + " d32 leakyrelu | out10";
    for (Training training :
        List.of(
            Training.of(Optimizer.ADAM, 3e-4, 64),
            Training.of(Optimizer.SGD, 0.05, 32),
            Training.of(Optimizer.RMSPROP, 1e-3, 16))) {
      architectures.add(Architecture.of(Shape.of(3, 32, 32), Notation.parse(everyKind), training));
    }
    architectures.add(
        Architecture.of(
            Shape.of(1, 28, 28),
            Notation.parse("max2 | relu | c3x8 relu | out10"),
            Training.of(Optimizer.ADAM, 1e-3, 8)));
    architectures.add(
        Architecture.of(
            Shape.of(1, 28, 28),
            Notation.parse("c3x8 relu | max3s2p | c3x16 bn relu | gmp | d32 relu | out10"),
            Training.of(Optimizer.ADAM, 1e-3, 8)));
    for (String graph :
        List.of(
            "c3x8 bn relu | res(c3x16s2 bn relu | c3x16 bn) relu | gap | out10",
            "br(c1x8 relu; sc3x8 relu; max3s1p | c1x4 relu) | res(bn relu | c3x20) | d16 relu"
                + " drop0.5 | out10")) {
      architectures.add(
          Architecture.of(
              Shape.of(1, 28, 28), Notation.parse(graph), Training.of(Optimizer.SGD, 0.01, 8)));
    }
    for (int i = 0; i < architectures.size(); i++) {
      String name = "Exported" + i;
      Files.writeString(
          dir.resolve(name + ".java"),
          JavaExport.source(architectures.get(i), 7, name, architectures.get(i).notation()));
    }
    compile(dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      for (int i = 0; i < architectures.size(); i++) {
        Method configuration =
            loader.loadClass("Exported" + i).getMethod("configuration", long.class);
        Object exported = configuration.invoke(null, 7L);
        Architecture arch = architectures.get(i);
        assertEquals(
            arch.graph()
                ? GraphBuilder.configuration(arch, 7, 0).toJson()
                : NetworkBuilder.configuration(arch, 7).toJson(),
            exported instanceof MultiLayerConfiguration m
                ? m.toJson()
                : ((ComputationGraphConfiguration) exported).toJson(),
            architectures.get(i).notation());
      }
    }
  }

  @Test
  void classNameMustBeAJavaIdentifier() {
    Architecture arch =
        Architecture.of(
            Shape.of(1, 28, 28),
            Notation.parse("c3x8 relu | out10"),
            Training.of(Optimizer.ADAM, 1e-3, 8));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JavaExport.source(arch, 1, "my-net", "x"));
    assertEquals("class name must be a Java class name, but was 'my-net'", e.getMessage());
    for (String bad : List.of("int", "class", "var", "record", "_", "1abc")) {
      assertFalse(JavaExport.isClassName(bad), bad);
    }
    assertTrue(JavaExport.isClassName("BestNetwork"));
  }

  private static void compile(Path dir) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-proc:none", "-d", dir.toString()));
    args.add("-classpath");
    args.add(System.getProperty("java.class.path"));
    try (var files = Files.list(dir)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    StringWriter errors = new StringWriter();
    int rc =
        javac.run(
            null,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            new java.io.PrintStream(
                new java.io.OutputStream() {
                  @Override
                  public void write(int b) {
                    errors.write(b);
                  }
                }),
            args.toArray(String[]::new));
    assertTrue(rc == 0, "javac failed:\n" + errors);
  }
}
