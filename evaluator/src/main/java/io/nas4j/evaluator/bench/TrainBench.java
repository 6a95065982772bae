package io.nas4j.evaluator.bench;

import io.nas4j.evaluator.data.DatasetException;
import io.nas4j.evaluator.data.IdxReader;
import io.nas4j.evaluator.data.LabeledImages;
import io.nas4j.evaluator.data.Splits;
import io.nas4j.evaluator.dl4j.Dl4jRuntime;
import io.nas4j.evaluator.dl4j.Network;
import io.nas4j.evaluator.dl4j.Trainer;
import io.nas4j.evaluator.dl4j.TrainingData;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Shape;
import io.nas4j.space.arch.Training;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training throughput of the two reference nets (or of nets given in notation): one epoch over
 * {@code --images} Fashion-MNIST images, batch 128 (or {@code --batch}), Adam 1e-3, after a short
 * warm-up; prints images/s and the process RSS. Usage: {@code TrainBench [--images N] [--threads T]
 * [--batch B] [--nets ref-small,"c3x64s2 relu | max2 | out10"] [--repeats R]}.
 */
public final class TrainBench {

  static final Map<String, String> NETS = new LinkedHashMap<>();

  static {
    NETS.put("ref-small", "c3x32 relu | max2 | c3x64 relu | max2 | d128 relu | out10");
    NETS.put(
        "ref-medium",
        "c3x32 bn relu | c3x32 bn relu | max2 | c3x64 bn relu | c3x64 bn relu | max2"
            + " | d256 relu drop0.5 | out10");
  }

  private TrainBench() {}

  public static void main(String[] args) throws Exception {
    int images = 20_000;
    int threads = 0;
    int repeats = 1;
    int batch = 128;
    int gcMin = 20;
    String nets = String.join(",", NETS.keySet());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--images" -> images = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--gc-min" -> gcMin = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--nets" -> nets = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Dl4jRuntime.init(threads);
    LabeledImages all = load();
    TrainingData data = TrainingData.of(Splits.trainValidation(all, images, 500, 1));
    System.out.printf("backend: %s %s%n", Dl4jRuntime.describe(), Dl4jRuntime.settings());
    System.out.printf(
        "data: %d training images, batch %d, Adam 1e-3, gc at least %d batches apart%n",
        data.trainSize(), batch, gcMin);
    Trainer trainer =
        new Trainer(
            data, Trainer.Options.defaults().withThreads(threads).withGcMinIterations(gcMin));
    for (int r = 0; r < repeats; r++) {
      for (String name : nets.split(",")) {
        String notation = name.contains("|") ? name : NETS.get(name);
        if (notation == null) {
          throw new IllegalArgumentException("unknown net " + name + "; known: " + NETS.keySet());
        }
        Architecture arch =
            Architecture.of(
                Shape.of(1, 28, 28),
                Notation.parse(notation),
                Training.of(Optimizer.ADAM, 1e-3, batch));
        Network network = Network.build(arch, 42, 0);
        double perSecond = trainer.epochThroughput(network, batch, 10);
        Analysis analysis = Analysis.of(arch);
        System.out.printf(
            "%-10s %8.0f images/s  (%.1f MFLOP per training image, %.1f GFLOP/s, %d layers with"
                + " helpers, RSS %d MB, %s)%n",
            name,
            perSecond,
            analysis.macs() * 6 / 1e6,
            perSecond * analysis.macs() * 6 / 1e9,
            Dl4jRuntime.layersWithHelpers(network.model()),
            rssMegabytes(),
            collections());
        network = null;
        System.gc();
      }
    }
  }

  static LabeledImages load() throws DatasetException {
    Path folder = Path.of("/usr/share/datasets/fashion-mnist");
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(
          folder + ": missing; install it with 'sudo apt-get install dataset-fashion-mnist'");
    }
    return IdxReader.read(folder, true, 10);
  }

  /** This JVM's garbage collections so far and the time they took, e.g. "GC 12 in 0.61 s". */
  public static String collections() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, bean.getCollectionCount());
      millis += Math.max(0, bean.getCollectionTime());
    }
    return "GC %d in %.2f s".formatted(count, millis / 1e3);
  }

  /** Resident set size of this process, from /proc (0 where that does not exist). */
  public static long rssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (java.io.IOException e) {
      return 0;
    }
    return 0;
  }
}
