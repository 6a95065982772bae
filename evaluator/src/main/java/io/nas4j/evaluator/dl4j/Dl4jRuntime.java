package io.nas4j.evaluator.dl4j;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.nd4j.nativeblas.Nd4jCpu;

/**
 * One-time ND4J/DL4J set-up for the process, and a description of the backend for results. DL4J's
 * layer helpers (oneDNN on CPU) are switched on, since M2.1 switches them off by default (see
 * {@link org.nd4j.nativeblas.Nd4jCpu}).
 */
public final class Dl4jRuntime {

  static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

  /**
   * How long the native libraries' idle threads spin before they sleep, as the environment
   * variables nas4j's launchers export when the user has not (the values {@code scripts/lib.sh} and
   * {@code bin/nas} set, and what Spark executors get): after each parallel operation, libgomp's
   * OpenMP workers spin for {@code GOMP_SPINCOUNT} rounds (300,000 by default) and OpenBLAS's for
   * 2^{@code OPENBLAS_THREAD_TIMEOUT} cycles (2^28 by default) before they sleep, so with two or
   * more threads per training they take the cores that the next operation's other threads, Java's
   * batch-norm loops and the other BLAS need. Sleeping soon trained 20-40% more images per second
   * at 2 threads and changed nothing at 1 (docs/benchmarks.md, "Idle threads that sleep"). Both
   * libraries read them once, when they load, so they cannot be set from Java.
   */
  public static final Map<String, String> IDLE_THREADS = idleThreadDefaults();

  private static boolean initialised;
  private static String description;

  private Dl4jRuntime() {}

  /**
   * Initialises ND4J: switches DL4J's layer helpers on. ND4J takes its thread count from {@code
   * OMP_NUM_THREADS} when the native library loads (default: the core count) and M2.1 ignores later
   * changes, so {@code threads} (0 = any) is only checked.
   *
   * @throws IllegalStateException if {@code threads > 0} and ND4J runs another number of threads
   */
  public static synchronized void init(int threads) {
    if (!initialised) {
      if (System.getProperty(HELPERS_DISABLE) == null) {
        System.setProperty(HELPERS_DISABLE, "false");
      }
      initialised = true;
    }
    if (threads > 0 && threads() != threads) {
      throw new IllegalStateException(
          ("ND4J runs %d threads, not %d: set OMP_NUM_THREADS=%d before the JVM starts"
                  + " (scripts/nas does this for --threads)")
              .formatted(threads(), threads, threads));
    }
  }

  /**
   * One line for {@code error} when it is ND4J failing to load any backend (it fails in a static
   * initialiser, so the error reaches the caller as an {@link ExceptionInInitializerError}), else
   * empty. ND4J logs why each backend was skipped just before; the line says what the build needs.
   */
  public static Optional<String> backendFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof Nd4jBackend.NoAvailableBackendException) {
        boolean cuda = onClassPath("org.nd4j.linalg.jcublas.JCublasBackend");
        return Optional.of(
            "ND4J could not load its backend (the warning above says why): "
                + (cuda
                    ? "this is the CUDA build (mvn -Pcuda), which needs an NVIDIA GPU with its"
                        + " driver (libcuda.so.1) and CUDA 11.6's cuBLAS, cuSOLVER and cuDNN 8;"
                        + " 'mvn package' builds the CPU version (docs/gpu.md)"
                    : "the CPU natives (%s) do not load on this machine (%s)"
                        .formatted(natives(), Loader.getPlatform())));
      }
    }
    return Optional.empty();
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, Dl4jRuntime.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Threads ND4J uses per operation. */
  public static int threads() {
    return Nd4j.getEnvironment().maxThreads();
  }

  /**
   * The backend in one line, e.g. {@code cpu (onednn, openblas) 2 threads, AMD EPYC}, for every
   * result.
   */
  public static synchronized String describe() {
    if (description == null) {
      Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
      String backend =
          String.valueOf(info.getOrDefault("backend", "unknown")).toLowerCase(Locale.ROOT);
      StringBuilder out = new StringBuilder(backend);
      if (backend.equals("cpu")) {
        out.append(Nd4jCpu.Environment.getInstance().isUseMKLDNN() ? " (onednn" : " (");
        Object blas = info.get("blas.vendor");
        out.append(blas == null ? "" : ", " + String.valueOf(blas).toLowerCase(Locale.ROOT))
            .append(")");
        out.append(' ').append(threads()).append(threads() == 1 ? " thread, " : " threads, ");
        out.append(cpuModel());
      } else {
        Object devices = info.get("cuda.devicesInformation");
        out.append(devices == null ? "" : " " + devices);
      }
      description = out.toString().replace("( ", "(").replace("(, ", "(");
    }
    return description;
  }

  /**
   * What decides native speed, for the run header and the journal: {@code natives} (the ND4J native
   * build on the class path, e.g. {@code linux-x86_64-onednn}), {@code openblasCoreType} (the
   * {@code OPENBLAS_CORETYPE} OpenBLAS was told, or {@code auto}: its own detection), {@code
   * threads} (ND4J's and the BLAS's per operation) and {@code idleThreads} (the {@link
   * #IDLE_THREADS} variables as this process has them, e.g. {@code GOMP_SPINCOUNT=1000
   * OPENBLAS_THREAD_TIMEOUT=4}, {@code unset} for one it lacks).
   */
  public static synchronized Map<String, String> settings() {
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("natives", natives());
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    settings.put("openblasCoreType", coreType == null || coreType.isBlank() ? "auto" : coreType);
    settings.put(
        "threads",
        "nd4j %d, blas %s".formatted(threads(), info.getOrDefault("blas.threads", "unknown")));
    settings.put("idleThreads", idleThreads(System.getenv()));
    return settings;
  }

  private static Map<String, String> idleThreadDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("GOMP_SPINCOUNT", "1000");
    defaults.put("OPENBLAS_THREAD_TIMEOUT", "4");
    return Collections.unmodifiableMap(defaults);
  }

  /**
   * The {@link #IDLE_THREADS} values a child process (a Spark executor) should get: {@code
   * environment}'s where it sets one to a non-blank value, the default otherwise, as the launchers
   * treat an empty variable as unset.
   */
  public static Map<String, String> idleThreadsFor(Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    IDLE_THREADS.forEach(
        (name, fallback) -> {
          String value = environment.get(name);
          values.put(name, value == null || value.isBlank() ? fallback : value);
        });
    return values;
  }

  /** The {@link #IDLE_THREADS} variables as {@code environment} has them, in one line. */
  static String idleThreads(Map<String, String> environment) {
    StringBuilder line = new StringBuilder();
    for (String name : IDLE_THREADS.keySet()) {
      String value = environment.get(name);
      line.append(line.isEmpty() ? "" : " ")
          .append(name)
          .append('=')
          .append(value == null || value.isBlank() ? "unset" : value);
    }
    return line.toString();
  }

  /**
   * The platform and extension of the ND4J natives on the class path, e.g. {@code
   * linux-x86_64-onednn}.
   */
  static String natives() {
    String platform = Loader.getPlatform();
    ClassLoader loader = Dl4jRuntime.class.getClassLoader();
    for (String extension :
        List.of("-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", "")) {
      String folder = "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + extension + "/";
      if (loader.getResource(folder) != null) {
        return platform + extension;
      }
    }
    return platform + " (cuda or unknown natives)";
  }

  /**
   * Number of layers of {@code network} that run through a backend helper (oneDNN or cuDNN) instead
   * of DL4J's built-in code.
   */
  public static int layersWithHelpers(org.deeplearning4j.nn.api.Model network) {
    Layer[] layers =
        network instanceof MultiLayerNetwork chain
            ? chain.getLayers()
            : ((org.deeplearning4j.nn.graph.ComputationGraph) network).getLayers();
    int count = 0;
    for (Layer layer : layers) {
      try {
        Method getHelper = layer.getClass().getMethod("getHelper");
        if (getHelper.invoke(layer) != null) {
          count++;
        }
      } catch (ReflectiveOperationException e) {
        // this layer type has no helper
      }
    }
    return count;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
