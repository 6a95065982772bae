package io.nas4j.search.cli;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.space.files.SafeNames;
import io.nas4j.space.journal.JournalException;
import io.nas4j.space.spec.SpecException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code nas} command. Exit codes: 0 success, 2 bad input (one line on stderr, no stack trace
 * unless {@code --verbose}), 1 internal failure.
 */
@Command(
    name = "nas",
    mixinStandardHelpOptions = true,
    versionProvider = Nas.Version.class,
    description = "Neural architecture search for CNNs on the JVM.",
    subcommands = {
      SearchCommand.class,
      ResumeCommand.class,
      ReportCommand.class,
      TrainCommand.class,
      AblateCommand.class,
      ExportCommand.class,
      EvaluateCommand.class,
      SpaceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Nas {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code; never calls {@code System.exit}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = Converters.withTypes(new CommandLine(new Nas()));
    // An argument starting with '@' is a path like any other, not picocli's argument file (which
    // would read a folder or a missing file with a stack trace, or a spec as options).
    cli.setExpandAtFiles(false);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("nas: " + oneLine(parseError(e, a)));
          err.flush();
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose") || hasVerbose(parseResult);
          boolean badInput =
              e instanceof SpecException
                  || e instanceof BadInputException
                  || e instanceof DatasetException
                  || e instanceof JournalException;
          Optional<String> message =
              badInput ? Optional.of(e.getMessage()) : pathError(e, givenPaths(parseResult));
          Optional<String> backend = Dl4jRuntime.backendFailure(e);
          if (backend.isPresent()) {
            return backendFailure(backend.get(), e, verbose, err);
          }
          err.println(
              "nas: " + oneLine(message.isPresent() ? message.get() : "internal error: " + e));
          if (verbose) {
            e.printStackTrace(err);
          } else if (message.isEmpty()) {
            err.println("Run again with --verbose for the stack trace.");
          }
          err.flush();
          return message.isPresent() ? BAD_INPUT : FAILURE;
        });
    try {
      return cli.execute(args);
    } catch (ExceptionInInitializerError e) { // picocli passes errors on; ND4J fails in <clinit>
      Optional<String> backend = Dl4jRuntime.backendFailure(e);
      if (backend.isEmpty()) {
        throw e;
      }
      return backendFailure(backend.get(), e, List.of(args).contains("--verbose"), err);
    }
  }

  /** Reports that ND4J has no backend on this machine: one line, the trace with --verbose. */
  private static int backendFailure(String line, Throwable e, boolean verbose, PrintWriter err) {
    err.println("nas: " + oneLine(line));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /**
   * One line for a command-line error: a value that does not convert is named by the option as the
   * user typed it (an alias too) with the rule it broke; every line ends with where help is.
   */
  static String parseError(CommandLine.ParameterException e, String[] args) {
    String help =
        " (see '%s --help')".formatted(e.getCommandLine().getCommandSpec().qualifiedName());
    if (e.getCause() instanceof CommandLine.TypeConversionException conversion) {
      if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
        return typedName(option, args) + " " + conversion.getMessage() + help;
      }
      if (e.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec positional) {
        return positional.paramLabel() + " " + conversion.getMessage() + help;
      }
    }
    String message = String.valueOf(e.getMessage()).strip();
    int value = message.lastIndexOf(" format but was ");
    if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option
        && option.isMultiValue()
        && message.contains("should be in KEY=VALUE format")
        && value >= 0) {
      // picocli's own words name the option twice ("option option '--conf'") and quote nothing
      return "%s must be KEY=VALUE, but was '%s'%s"
          .formatted(
              typedName(option, args),
              message.substring(value + " format but was ".length()),
              help);
    }
    if (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    return message + help;
  }

  /**
   * The name of {@code option} that the user typed ({@code --out} or its alias {@code --runs}); its
   * longest name if it was not typed.
   */
  static String typedName(CommandLine.Model.OptionSpec option, String[] args) {
    for (String arg : args) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return name;
        }
      }
    }
    return option.longestName();
  }

  /** {@link #typedName} of the option called {@code name} in {@code command}'s command line. */
  static String typedName(CommandLine.Model.CommandSpec command, String name) {
    CommandLine.Model.OptionSpec option = command.findOption(name);
    List<String> args = command.commandLine().getParseResult().originalArgs();
    return option == null ? name : typedName(option, args.toArray(String[]::new));
  }

  /**
   * {@code message} on one line: line breaks and other control characters, which a value the user
   * gave may hold, are escaped ({@code \n}).
   */
  static String oneLine(String message) {
    return SafeNames.escape(String.valueOf(message).strip());
  }

  /**
   * An I/O error on a path the user gave (an option's or argument's value, or its default), inside
   * one or on the way to one, as one line; empty for any other error, which is internal.
   */
  static Optional<String> pathError(Throwable e, List<Path> given) {
    Throwable io = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
    return UserPaths.describe(io, given);
  }

  /** The paths given to the command that ran (values of its path options and arguments). */
  private static List<Path> givenPaths(CommandLine.ParseResult result) {
    CommandLine.ParseResult leaf = result;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    List<Path> paths = new ArrayList<>();
    for (CommandLine.Model.ArgSpec arg : leaf.commandSpec().args()) {
      Object value = arg.getValue();
      if (value instanceof Path p) {
        paths.add(p);
      } else if (value instanceof Collection<?> values) {
        values.stream().filter(Path.class::isInstance).map(Path.class::cast).forEach(paths::add);
      }
    }
    return paths;
  }

  private static boolean hasVerbose(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Nas.class.getPackage().getImplementationVersion();
      return new String[] {
        "nas4j " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
      };
    }
  }
}
