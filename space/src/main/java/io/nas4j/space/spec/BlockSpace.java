package io.nas4j.space.spec;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Padding;
import java.util.List;

/**
 * The choices for the convolutional blocks. A candidate has between {@code min} and {@code max}
 * blocks; each block has its own genes for every list here. A block is {@code convs} convolutions
 * of the same kernel, channels and type (only the first has the block's stride), each followed by
 * batch norm (if chosen) and the activation, then the block's pooling.
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
    List<Integer> poolStride) {

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
  }
}
