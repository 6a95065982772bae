package io.nas4j.search.cli;

import io.nas4j.evaluator.dl4j.GraphBuilder;
import io.nas4j.evaluator.dl4j.JavaExport;
import io.nas4j.evaluator.dl4j.NetworkBuilder;
import io.nas4j.space.files.AtomicFiles;
import io.nas4j.space.files.SafeNames;
import io.nas4j.space.json.ArchitectureJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas export}: a ranked architecture as nas4j JSON, DL4J configuration JSON or Java. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a ranked architecture of a run: as nas4j's architecture JSON (for nas train --arch"
          + " and the Java API), as DL4J's configuration JSON, or as Java code that builds the"
          + " network with DL4J's builders."
    })
final class ExportCommand implements Callable<Integer> {

  enum Format {
    architecture,
    dl4j,
    java;

    static final class Id extends Converters.Ids<Format> {
      Id() {
        super(Format.class);
      }
    }
  }

  @Spec CommandSpec command;

  @Mixin SourceOptions source = new SourceOptions();

  @Option(
      names = "--format",
      defaultValue = "architecture",
      converter = Format.Id.class,
      description = "architecture, dl4j or java (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--class-name",
      defaultValue = "BestNetwork",
      description =
          "Class name for --format java; an --out file ending in .java must be named after it"
              + " (default: ${DEFAULT-VALUE}).")
  String className;

  @Option(
      names = "--seed",
      description = "Weight seed written into dl4j/java output (default: the candidate's seed).")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write here instead of stdout; never over an existing file without --force.")
  Path out;

  @Option(names = "--force", description = "With --out: replace the file if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Sources.Selected selected = source.select();
    long weights = seed != null ? seed : selected.seed();
    String text =
        switch (format) {
          case architecture -> ArchitectureJson.writePretty(selected.architecture()) + "\n";
          case dl4j ->
              (selected.architecture().graph()
                      ? GraphBuilder.configuration(selected.architecture(), weights, 0).toJson()
                      : NetworkBuilder.configuration(selected.architecture(), weights).toJson())
                  + "\n";
          case java ->
              JavaExport.source(
                  selected.architecture(),
                  weights,
                  className,
                  "%s, key %s: %s"
                      .formatted(
                          selected.label(), selected.key(), selected.architecture().notation()));
        };
    if (out == null) {
      PrintWriter console = command.commandLine().getOut();
      console.print(text);
      console.flush();
    } else {
      UserPaths.writing(
          out,
          () -> {
            AtomicFiles.write(out, text);
            return out;
          });
      command.commandLine().getErr().printf("wrote %s%n", out);
    }
    return Nas.OK;
  }

  private void checkOptions() throws BadInputException {
    var parsed = command.commandLine().getParseResult();
    if (format != Format.java && parsed.hasMatchedOption("--class-name")) {
      throw new BadInputException("--class-name goes with --format java only");
    }
    if (force && out == null) {
      throw new BadInputException("--force goes with --out only");
    }
    if (format == Format.java && !JavaExport.isClassName(className)) {
      throw new BadInputException(
          "--class-name must be a Java class name, but was " + SafeNames.quote(className));
    }
    if (out == null) {
      return;
    }
    String file = String.valueOf(out.getFileName());
    if (format == Format.java && file.endsWith(".java") && !file.equals(className + ".java")) {
      String stem = file.substring(0, file.length() - ".java".length());
      throw new BadInputException(
          "--out %s: Java needs public class %s in %s.java; name the file so%s"
              .formatted(
                  out,
                  className,
                  className,
                  JavaExport.isClassName(stem) ? ", or add --class-name " + stem : ""));
    }
    UserPaths.checkFile("--out", out, force);
  }
}
