package io.nas4j.space.spec;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Padding;
import java.util.List;
import java.util.Optional;

/**
 * The choices for the convolutional blocks. A candidate has between {@code min} and {@code max}
 * blocks; each block has its own genes for every list here. A block is {@code convs} convolutions
 * of the same kernel, channels and type (only the first has the block's stride), each followed by
 * batch norm (if chosen) and the activation, then the block's pooling. With {@code kind} other than
 * {@code [plain]} a block may be residual or multi-branch ({@link BlockKind}); {@code
 * preActivation} and {@code branchChannels} are those kinds' genes. A space whose {@code kind} is
 * {@code [plain]} has no such genes (its genotypes and keys are those of a chain space).
 *
 * <p>{@code stem}, if present, holds the first block's choices (every list of this space, some
 * replaced; the same {@code min} and {@code max}, no stem of its own): a spec can keep its first
 * block a plain strided convolution while later blocks may be residual or multi-branch. A stem
 * equal to the other blocks' choices is no stem (the reader drops it).
 */
public record BlockSpace(
    int min,
    int max,
    List<Integer> convs,
    List<Integer> kernel,
    List<Integer> stride,
    List<Padding> padding,
    List<Integer> channels,
    List<ConvType> type,
    List<Boolean> batchNorm,
    List<Boolean> bias,
    List<ActivationFn> activation,
    List<PoolChoice> pool,
    List<Integer> poolSize,
    List<Integer> poolStride,
    List<BlockKind> kind,
    List<Boolean> preActivation,
    List<Integer> branchChannels,
    Optional<BlockSpace> stem) {

  /** Branches of a multi-branch block: 1x1, 3x3, 5x5 (or two 3x3), pool + 1x1. */
  public static final int BRANCHES = 4;

  public BlockSpace {
    if (min < 1) {
      throw new IllegalArgumentException("blocks.min must be >= 1, but was " + min);
    }
    if (max < min) {
      throw new IllegalArgumentException(
          "blocks.max must be >= blocks.min (%d), but was %d".formatted(min, max));
    }
    convs = List.copyOf(convs);
    kernel = List.copyOf(kernel);
    stride = List.copyOf(stride);
    padding = List.copyOf(padding);
    channels = List.copyOf(channels);
    type = List.copyOf(type);
    batchNorm = List.copyOf(batchNorm);
    bias = List.copyOf(bias);
    activation = List.copyOf(activation);
    pool = List.copyOf(pool);
    poolSize = List.copyOf(poolSize);
    poolStride = List.copyOf(poolStride);
    kind = List.copyOf(kind);
    preActivation = List.copyOf(preActivation);
    branchChannels = List.copyOf(branchChannels);
    stem.ifPresent(
        first -> {
          if (first.stem().isPresent() || first.min() != min || first.max() != max) {
            throw new IllegalArgumentException(
                "blocks.stem must have the blocks' min and max and no stem of its own");
          }
        });
  }

  /** The choices of block {@code index} (0 = the first): the stem's for the first if present. */
  public BlockSpace at(int index) {
    return index == 0 ? stem.orElse(this) : this;
  }

  /**
   * Whether blocks may be other than plain: the space has the kind genes (in every block, so that
   * the gene layout does not depend on the stem).
   */
  public boolean graphs() {
    return !kind.equals(List.of(BlockKind.PLAIN)) || stem.map(BlockSpace::graphs).orElse(false);
  }

  /** The same choices with {@code first} as the stem (empty, or equal to these choices: none). */
  public BlockSpace withStem(Optional<BlockSpace> first) {
    Optional<BlockSpace> kept = first.filter(f -> !f.equals(withStem(Optional.empty())));
    if (kept.equals(stem)) {
      return this;
    }
    return new BlockSpace(
        min,
        max,
        convs,
        kernel,
        stride,
        padding,
        channels,
        type,
        batchNorm,
        bias,
        activation,
        pool,
        poolSize,
        poolStride,
        kind,
        preActivation,
        branchChannels,
        kept);
  }
}
