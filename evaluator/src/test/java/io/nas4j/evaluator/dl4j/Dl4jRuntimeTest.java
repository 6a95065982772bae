package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4jBackend;

class Dl4jRuntimeTest {

  @Test
  void noBackendBecomesOneLineThatSaysWhatTheBuildNeeds() {
    // what Nd4j's static initialiser throws when no backend loads (seen with the CUDA build on a
    // machine without libcuda.so.1)
    Throwable error =
        new ExceptionInInitializerError(
            new RuntimeException(
                new Nd4jBackend.NoAvailableBackendException(
                    "Please ensure that you have an nd4j backend on your classpath.")));
    String line = Dl4jRuntime.backendFailure(error).orElseThrow();
    assertTrue(
        line.startsWith("ND4J could not load its backend (the warning above says why): "), line);
    // this test runs the CPU build: the line names its natives and the platform
    assertTrue(line.contains("the CPU natives (" + Dl4jRuntime.natives() + ")"), line);
    assertEquals(-1, line.indexOf('\n'), line);
  }

  @Test
  void otherErrorsAreNotBackendFailures() {
    assertEquals(
        Optional.empty(),
        Dl4jRuntime.backendFailure(
            new ExceptionInInitializerError(new IllegalStateException("x"))));
    assertEquals(Optional.empty(), Dl4jRuntime.backendFailure(new RuntimeException("y")));
  }

  @Test
  void idleThreadSettingsAreReportedAsTheProcessHasThem() {
    assertEquals(
        "GOMP_SPINCOUNT=1000 OPENBLAS_THREAD_TIMEOUT=4",
        Dl4jRuntime.idleThreads(Dl4jRuntime.IDLE_THREADS));
    assertEquals(
        "GOMP_SPINCOUNT=unset OPENBLAS_THREAD_TIMEOUT=30",
        Dl4jRuntime.idleThreads(Map.of("OPENBLAS_THREAD_TIMEOUT", "30", "GOMP_SPINCOUNT", " ")));
    assertEquals(
        Dl4jRuntime.idleThreads(System.getenv()), Dl4jRuntime.settings().get("idleThreads"));
  }

  @Test
  void childProcessesGetTheUsersIdleThreadValuesOrTheDefaults() {
    assertEquals(Dl4jRuntime.IDLE_THREADS, Dl4jRuntime.idleThreadsFor(Map.of()));
    assertEquals(
        Map.of("GOMP_SPINCOUNT", "1000", "OPENBLAS_THREAD_TIMEOUT", "30"),
        Dl4jRuntime.idleThreadsFor(
            Map.of("OPENBLAS_THREAD_TIMEOUT", "30", "GOMP_SPINCOUNT", "", "PATH", "/bin")));
  }
}
