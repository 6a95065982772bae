package io.nas4j.search;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.space.Provenance;
import java.nio.file.Path;
import java.util.Map;

/**
 * A search with the fake evaluator in a process of its own, so that a test can kill it with
 * SIGKILL. Usage: {@code FakeSearchMain start|resume RUN_FOLDER CALLS_FILE DELAY_MILLIS [rungs]};
 * with {@code rungs}, the multi-fidelity search of {@link SearchKillIT#multiFidelity()} on one
 * worker with the {@link FidelityFakeEvaluator}, which keeps state (promoted candidates continue).
 */
public final class FakeSearchMain {

  private FakeSearchMain() {}

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[1]);
    boolean rungs = args.length > 4 && args[4].equals("rungs");
    Evaluator fake =
        rungs
            ? new FidelityFakeEvaluator(Long.parseLong(args[3]), Path.of(args[2]), true)
            : new FakeEvaluator(Long.parseLong(args[3]), Path.of(args[2]));
    Search.Options options =
        new Search.Options(rungs ? 1 : 2, Provenance.of(Map.of()), new Search.Listener() {});
    if (args[0].equals("start")) {
      Search.start(
          rungs ? SearchKillIT.multiFidelity() : SearchKillIT.spec(), run, s -> fake, options);
    } else {
      Search.resume(run, s -> fake, options);
    }
  }
}
