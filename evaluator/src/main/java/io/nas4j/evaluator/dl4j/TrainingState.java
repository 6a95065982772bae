package io.nas4j.evaluator.dl4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's training state on disk, so a promoted candidate can go on training: its parameters
 * (batch-norm statistics included), its optimizer's state (e.g. Adam's moments) and its iteration
 * and epoch counts (Adam's bias correction depends on them). The configuration is not saved: the
 * loading side builds the network from its architecture, perhaps with another weight decay, and
 * then takes the state. Writes are atomic (a temporary file, then a rename), so a killed process
 * leaves the old state or the new one, never half of one.
 */
final class TrainingState {

  private static final int MAGIC = 0x4e415331; // "NAS1"

  private TrainingState() {}

  /** Saves {@code network}'s parameters and optimizer state to {@code file}. */
  static void save(Network network, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
        out.writeInt(MAGIC);
        out.writeInt(network.iterations());
        out.writeInt(network.epochs());
        Nd4j.write(network.params(), out);
        INDArray updater = network.updaterState();
        out.writeBoolean(updater != null);
        if (updater != null) {
          Nd4j.write(updater, out);
        }
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Gives {@code network} (built from the same architecture) the state saved in {@code file}.
   *
   * @throws IOException if the file cannot be read or holds another network's state
   */
  static void load(Network network, Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a nas4j training state");
      }
      int iterations = in.readInt();
      int epochs = in.readInt();
      INDArray params = Nd4j.read(in);
      if (params.length() != network.numParams()) {
        throw new IOException(
            "%s holds %,d parameters, but the network has %,d"
                .formatted(file, params.length(), network.numParams()));
      }
      network.setParams(params.reshape(network.params().shape()));
      if (in.readBoolean()) {
        INDArray saved = Nd4j.read(in);
        INDArray state = network.updaterState();
        if (state == null || state.length() != saved.length()) {
          throw new IOException(
              "%s holds an optimizer state of %,d values, but the network's has %s"
                  .formatted(file, saved.length(), state == null ? "none" : state.length()));
        }
        state.assign(saved.reshape(state.shape()));
      }
      // Adam's bias correction counts iterations: with warmed-up moments and a count of 0 its
      // steps would be far smaller than the learning rate says.
      network.setIterations(iterations);
      network.setEpochs(epochs);
    }
  }
}
