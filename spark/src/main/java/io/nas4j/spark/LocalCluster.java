package io.nas4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Spark cluster on this machine's loopback: a Master and workers as separate JVMs,
 * started from the Spark jars on this JVM's class path, for tests, benchmarks and trying the Spark
 * engine without a cluster. Workers get a {@code SPARK_HOME} whose {@code jars/} holds Spark and
 * its dependencies but not nas4j, Deeplearning4j or ND4J, so executors run only with what the
 * driver ships, as on a real cluster.
 */
public final class LocalCluster implements AutoCloseable {

  /**
   * Package folders of the jars a worker must not have: the driver ships them. A jar holding any of
   * them (DL4J's shaded helpers too, e.g. nd4j's jackson and guava) is left out of the worker's
   * class path, since classes there cannot see the shipped ones.
   */
  static final List<String> SHIPPED_ONLY =
      List.of(
          "io/nas4j/",
          "org/deeplearning4j/",
          "org/nd4j/",
          "org/bytedeco/",
          "io/jenetics/",
          "picocli/");

  private final Path folder;
  private final String masterUrl;
  private final int uiPort;
  private final List<Process> processes = new ArrayList<>();

  private LocalCluster(Path folder, String masterUrl, int uiPort) {
    this.folder = folder;
    this.masterUrl = masterUrl;
    this.uiPort = uiPort;
  }

  /**
   * Starts a Master and {@code workers} workers with {@code cores} cores and {@code memory} (e.g.
   * "3g") each, and waits until every worker has registered; logs go to {@code folder}.
   */
  public static LocalCluster start(Path folder, int workers, int cores, String memory)
      throws IOException, InterruptedException {
    Path home = sparkHome(folder.resolve("spark-home"));
    int port = freePort();
    int uiPort = freePort();
    LocalCluster cluster = new LocalCluster(folder, "spark://127.0.0.1:" + port, uiPort);
    try {
      cluster.launch(
          home,
          "master",
          List.of(
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--webui-port",
              String.valueOf(uiPort)));
      for (int i = 1; i <= workers; i++) {
        Path work = Files.createDirectories(folder.resolve("worker-" + i));
        cluster.launch(
            home,
            "worker-" + i,
            List.of(
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                String.valueOf(cores),
                "--memory",
                memory,
                "--work-dir",
                work.toString(),
                "--webui-port",
                String.valueOf(freePort()),
                cluster.masterUrl));
      }
      cluster.awaitWorkers(workers, 90);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The master URL, e.g. {@code spark://127.0.0.1:41234}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** The executor JVMs running now (children of the workers). */
  public List<ProcessHandle> executors() {
    return processes.stream()
        .flatMap(Process::descendants)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .orElse("")
                    .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
        .toList();
  }

  /** Every process this cluster started that is still alive: master, workers, executors. */
  public List<ProcessHandle> alive() {
    List<ProcessHandle> out = new ArrayList<>();
    for (Process p : processes) {
      p.descendants().filter(ProcessHandle::isAlive).forEach(out::add);
      if (p.isAlive()) {
        out.add(p.toHandle());
      }
    }
    return out;
  }

  /** Stops executors, workers and the master (workers first), forcibly after 10 seconds. */
  @Override
  public void close() {
    List<Process> reversed = new ArrayList<>(processes);
    Collections.reverse(reversed);
    boolean interrupted = false;
    for (Process p : reversed) {
      List<ProcessHandle> children = p.descendants().toList();
      children.forEach(ProcessHandle::destroy);
      p.destroy();
      for (ProcessHandle h : concat(p.toHandle(), children)) {
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
          h.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
          h.destroyForcibly();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
    List<ProcessHandle> all = new ArrayList<>(rest);
    all.add(0, first);
    return all;
  }

  private void launch(Path home, String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(home.resolve("jars") + "/*");
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.redirectErrorStream(true);
    builder.redirectOutput(folder.resolve(name + ".log").toFile());
    processes.add(builder.start());
  }

  private void awaitWorkers(int workers, int seconds) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    while (System.currentTimeMillis() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException(
              "a Spark process of the local cluster exited (code %d); see the logs in %s"
                  .formatted(p.exitValue(), folder));
        }
      }
      try (InputStream in =
          URI.create("http://127.0.0.1:" + uiPort + "/json/").toURL().openStream()) {
        Matcher m = alive.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
          return;
        }
      } catch (IOException e) {
        // the master's web UI is not up yet
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "%d Spark worker(s) did not register within %d s; see the logs in %s"
            .formatted(workers, seconds, folder));
  }

  /** A SPARK_HOME whose jars/ links to this class path's jars, less the ones the driver ships. */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry).toAbsolutePath();
      String name = jar.getFileName().toString();
      if (Files.isRegularFile(jar)
          && name.endsWith(".jar")
          && !shippedOnly(jar)
          && !Files.exists(jars.resolve(name))) {
        Files.createSymbolicLink(jars.resolve(name), jar);
      }
    }
    return home;
  }

  private static boolean shippedOnly(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(JarEntry::getName)
          .anyMatch(name -> SHIPPED_ONLY.stream().anyMatch(name::startsWith));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
