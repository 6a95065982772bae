package io.nas4j.evaluator.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nas4j.evaluator.dl4j.NetworkBuilder;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.json.ArchitectureJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The README's Java API example, from outside nas4j's packages: only public API is used. */
class JavaApiExampleTest {

  @TempDir Path dir;

  @Test
  void readArchitectureJsonBuildTheNetworkAndTrainIt() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("architecture.json"),
            """
            {"schemaVersion": 1,
             "input": {"channels": 1, "height": 28, "width": 28},
             "layers": [
               {"type": "conv", "kernel": 3, "filters": 16, "stride": 1, "padding": "same", "bias": false},
               {"type": "batchnorm"}, {"type": "activation", "function": "relu"},
               {"type": "pool", "kind": "max", "size": 2, "stride": 2},
               {"type": "dense", "units": 32}, {"type": "activation", "function": "relu"},
               {"type": "output", "classes": 10}],
             "training": {"optimizer": "adam", "learningRate": 0.001, "batchSize": 64}}
            """);

    Architecture arch = ArchitectureJson.read(file);
    MultiLayerNetwork net = NetworkBuilder.build(arch, 42);
    DataSet batch =
        new DataSet(
            Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28),
            Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7).castTo(DataType.FLOAT));
    net.fit(batch);

    assertEquals(Analysis.of(arch).params(), net.numParams());
    assertTrue(Double.isFinite(net.score()));
    assertEquals("c3x16nb bn relu | max2 | d32 relu | out10", arch.notation());
  }
}
