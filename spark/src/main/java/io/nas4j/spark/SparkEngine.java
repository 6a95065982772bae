package io.nas4j.spark;

import io.nas4j.evaluator.Evaluator;
import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.search.engine.EvaluatorEngine;
import io.nas4j.space.json.Json;
import io.nas4j.space.spec.DatasetSpec;
import io.nas4j.space.spec.SearchSpec;
import io.nas4j.space.spec.SpecWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@code nas search --engine spark}: candidates train as Spark tasks on a cluster's executors (or
 * on local threads with {@code --master local[N]}); the search, its cache and its journal stay in
 * this driver JVM.
 *
 * <p>At start it connects, ships the jars executors lack ({@link DriverJars}), waits for executors,
 * and has every task slot load the training data once, so a worker that cannot read the dataset
 * stops the search before it starts, with the worker named.
 */
public final class SparkEngine implements EvaluatorEngine {

  /** Seconds to wait for the first executor of a cluster. */
  static final String WAIT_SECONDS = "spark.nas4j.executorWaitSeconds";

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Session start(SearchSpec spec, Settings settings) throws Exception {
    String master = settings.master().orElse("local[*]");
    boolean local = master.startsWith("local");
    // Cluster executors get OMP_NUM_THREADS = threads; in local mode tasks run in this JVM, whose
    // ND4J thread count is already fixed, so nothing is checked unless --threads was given.
    int threads = settings.threads() > 0 ? settings.threads() : 1;
    int checkedThreads = local ? settings.threads() : threads;
    SparkConf conf = new SparkConf().setAppName(settings.appName()).setMaster(master);
    settings.conf().forEach(conf::set);
    if (conf.contains("spark.task.cpus") && conf.getInt("spark.task.cpus", 1) != threads) {
      throw new IllegalArgumentException(
          "give the threads per candidate with --threads, not --conf spark.task.cpus");
    }
    conf.set("spark.task.cpus", String.valueOf(threads));
    conf.setExecutorEnv("OMP_NUM_THREADS", String.valueOf(threads));
    // idle native threads that sleep soon, as the launchers set them (the driver's values win)
    Dl4jRuntime.idleThreadsFor(System.getenv()).forEach(conf::setExecutorEnv);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Stages of other threads' candidates must not wait for a slow one (FIFO is the default).
    conf.setIfMissing("spark.scheduler.mode", "FAIR");
    if (!local && !conf.contains("spark.jars")) {
      conf.setJars(DriverJars.toShip().toArray(String[]::new));
    }
    JavaSparkContext spark;
    try {
      spark = new JavaSparkContext(conf);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot start Spark with master %s: %s".formatted(master, e.getMessage()), e);
    }
    try {
      spark.setLogLevel(conf.get("spark.nas4j.logLevel", "WARN"));
      int slots = waitForSlots(spark, conf, master);
      int parallel = settings.parallel().orElse(slots);
      String specJson = Json.mapper().writeValueAsString(SpecWriter.toTree(absolute(spec)));
      List<String> places = loadDataEverywhere(spark, specJson, Math.max(parallel, slots));
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("engine", "spark " + spark.version() + ", master " + master);
      provenance.put("sparkApplication", spark.sc().applicationId());
      provenance.put("sparkTaskSlots", String.valueOf(slots));
      provenance.put("sparkThreadsPerCandidate", String.valueOf(threads));
      provenance.put("sparkDataLoadedOn", String.join("; ", places));
      return new Run(
          spark, new SparkEvaluator(spark, specJson, checkedThreads), parallel, provenance);
    } catch (Exception | Error e) {
      spark.stop();
      throw e;
    }
  }

  /** The dataset path made absolute: executors run in other working directories. */
  static SearchSpec absolute(SearchSpec s) {
    DatasetSpec d = s.dataset();
    DatasetSpec dataset =
        new DatasetSpec(
            d.kind(), Path.of(d.path()).toAbsolutePath().toString(), d.horizontalFlip());
    return s.withDataset(dataset);
  }

  /** Task slots (executor cores / task cpus), once executors stop registering. */
  private static int waitForSlots(JavaSparkContext spark, SparkConf conf, String master)
      throws InterruptedException {
    long waitMillis = conf.getLong(WAIT_SECONDS, 120) * 1000;
    long deadline = System.currentTimeMillis() + waitMillis;
    int slots = slots(spark);
    while (slots == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      slots = slots(spark);
    }
    if (slots == 0) {
      throw new IllegalArgumentException(
          ("no executor joined within %d s at master %s: are workers running, and do they have"
                  + " free cores and spark.executor.memory free?")
              .formatted(waitMillis / 1000, master));
    }
    // Workers register one by one: wait until the count has been stable for 2 seconds.
    long stableSince = System.currentTimeMillis();
    while (System.currentTimeMillis() - stableSince < 2000
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      int now = slots(spark);
      if (now != slots) {
        slots = now;
        stableSince = System.currentTimeMillis();
      }
    }
    return slots;
  }

  private static int slots(JavaSparkContext spark) {
    return spark
        .sc()
        .maxNumConcurrentTasks(spark.sc().resourceProfileManager().defaultResourceProfile());
  }

  /**
   * Runs one task per slot that loads the data (and keeps it for the candidates); returns where it
   * loaded.
   *
   * @throws DatasetException naming the first executor that could not read the data
   */
  private static List<String> loadDataEverywhere(JavaSparkContext spark, String specJson, int tasks)
      throws DatasetException {
    spark.setJobGroup("nas4j-load-data", "load the training data on every executor", false);
    List<String> answers =
        spark
            .parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
            .map(new LoadData(specJson))
            .collect();
    spark.clearJobGroup();
    List<String> places = new ArrayList<>();
    for (String answer : answers) {
      if (answer.startsWith(ExecutorData.DataUnreadableException.MARK)) {
        throw new DatasetException(
            answer.substring(ExecutorData.DataUnreadableException.MARK.length()));
      }
      if (!places.contains(answer)) {
        places.add(answer);
      }
    }
    return places;
  }

  /** Loads the data in an executor; answers where, or why not (without failing the task). */
  private static final class LoadData implements Function<Integer, String> {
    private static final long serialVersionUID = 1L;
    private final String specJson;

    LoadData(String specJson) {
      this.specJson = specJson;
    }

    @Override
    public String call(Integer slot) {
      try {
        ExecutorData.preload(specJson);
        return "executor %s (%s)".formatted(ExecutorData.executorId(), ExecutorData.host());
      } catch (ExecutorData.DataUnreadableException e) {
        return e.getMessage();
      }
    }
  }

  /** A started Spark engine. */
  private record Run(
      JavaSparkContext spark, Evaluator evaluator, int parallel, Map<String, String> provenance)
      implements Session {

    @Override
    public void close() {
      spark.stop();
    }
  }
}
