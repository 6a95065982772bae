package io.nas4j.space.spec;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.json.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a spec's {@code blocks} section, its stem included (for {@link SpecReader}). */
final class BlockSpecReader {

  private BlockSpecReader() {}

  /** The keys of one block's choices: under {@code blocks} and under {@code blocks.stem}. */
  private static final String[] BLOCK_CHOICES = {
    "convs",
    "kernel",
    "stride",
    "padding",
    "channels",
    "type",
    "batchNorm",
    "bias",
    "activation",
    "pool",
    "poolSize",
    "poolStride",
    "kind",
    "preActivation",
    "branchChannels"
  };

  static BlockSpace blocks(Node node) {
    List<String> keys = new ArrayList<>(List.of("min", "max", "stem"));
    keys.addAll(List.of(BLOCK_CHOICES));
    node.allowOnly(keys.toArray(String[]::new));
    int min = node.require("min").intValue(1, 16);
    Node maxNode = node.require("max");
    int max = maxNode.intValue(1, 16);
    if (max < min) {
      throw maxNode.error("must be >= blocks.min (%d), but was %d".formatted(min, max));
    }
    BlockSpace defaults =
        new BlockSpace(
            min,
            max,
            List.of(1),
            List.of(3),
            List.of(1),
            List.of(Padding.SAME),
            List.of(32),
            List.of(ConvType.STANDARD),
            List.of(false),
            List.of(true),
            List.of(ActivationFn.RELU),
            List.of(PoolChoice.NONE),
            List.of(2),
            List.of(2),
            List.of(BlockKind.PLAIN),
            List.of(false),
            List.of(0, 16, 32),
            Optional.empty());
    BlockSpace blocks = choices(node, defaults);
    Optional<BlockSpace> stem =
        node.optional("stem")
            .map(
                n -> {
                  n.allowOnly(BLOCK_CHOICES);
                  return choices(n, blocks);
                });
    return blocks.withStem(stem);
  }

  /** One block's choices: each list under {@code node}, else the one of {@code fallback}. */
  private static BlockSpace choices(Node node, BlockSpace fallback) {
    return new BlockSpace(
        fallback.min(),
        fallback.max(),
        SpecReader.ints(node, "convs", 1, 4, fallback.convs()),
        SpecReader.ints(node, "kernel", 1, 15, fallback.kernel()),
        SpecReader.ints(node, "stride", 1, 4, fallback.stride()),
        SpecReader.enums(node, "padding", Padding::fromId, fallback.padding()),
        SpecReader.ints(node, "channels", 1, 4096, fallback.channels()),
        SpecReader.enums(node, "type", ConvType::fromId, fallback.type()),
        SpecReader.booleans(node, "batchNorm", fallback.batchNorm()),
        SpecReader.booleans(node, "bias", fallback.bias()),
        SpecReader.enums(node, "activation", ActivationFn::fromId, fallback.activation()),
        SpecReader.enums(node, "pool", PoolChoice::fromId, fallback.pool()),
        SpecReader.ints(node, "poolSize", 1, 8, fallback.poolSize()),
        SpecReader.ints(node, "poolStride", 1, 8, fallback.poolStride()),
        SpecReader.enums(node, "kind", BlockKind::fromId, fallback.kind()),
        SpecReader.booleans(node, "preActivation", fallback.preActivation()),
        SpecReader.ints(node, "branchChannels", 0, 4096, fallback.branchChannels()),
        Optional.empty());
  }
}
