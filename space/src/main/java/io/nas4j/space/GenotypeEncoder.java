package io.nas4j.space;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Notation;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import io.nas4j.space.spec.BlockKind;
import io.nas4j.space.spec.BlockSpace;
import io.nas4j.space.spec.ConvType;
import io.nas4j.space.spec.HeadPooling;
import io.nas4j.space.spec.PoolChoice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inverse of {@link SearchSpace#decode} for chains of plain blocks: a genotype that decodes to
 * a given architecture, so a search can start from networks a user names ({@code search.initial}).
 * The convolutions are split into blocks by a depth-first search over the block sizes the spec
 * allows (several genotypes may decode to one network; any will do), and the genotype found is
 * decoded again and compared, so a genotype is only returned for a network it really decodes to.
 * Residual and multi-branch blocks are not encoded.
 */
final class GenotypeEncoder {

  /** One convolution of the chain with the batch norm and activation that follow it. */
  private record ConvUnit(
      int layer,
      String notation,
      ConvType type,
      int kernel,
      int filters,
      int stride,
      Padding padding,
      boolean bias,
      boolean batchNorm,
      ActivationFn activation) {

    /** Whether this convolution can follow {@code first} in first's block. */
    boolean continues(ConvUnit first) {
      return stride == 1
          && type == first.type
          && kernel == first.kernel
          && filters == first.filters
          && padding == first.padding
          && bias == first.bias
          && batchNorm == first.batchNorm
          && activation == first.activation;
    }
  }

  /** A pooling layer after a block's convolutions. */
  private record PoolUnit(int layer, Layer.Pool pool) {}

  private final SearchSpace space;
  private final Map<String, Integer> geneAt = new HashMap<>();

  /** Why the attempt that placed the most layers failed ({@link #deepest}: how many it placed). */
  private String reason = "";

  private int deepest = -1;

  /** The (unit, block) pairs tried: each is tried once. */
  private final Set<Long> tried = new HashSet<>();

  /** What a gene's value is read from, for the reason ("layer 3 (c5x32): "), or empty. */
  private String context = "";

  private GenotypeEncoder(SearchSpace space) {
    this.space = space;
    List<Gene> genes = space.genes();
    for (int i = 0; i < genes.size(); i++) {
      geneAt.put(genes.get(i).name(), i);
    }
  }

  /**
   * A genotype of {@code space} that decodes to {@code target}.
   *
   * @throws IllegalArgumentException saying why no genotype of the space is this network
   */
  static int[] encode(SearchSpace space, Architecture target) {
    return new GenotypeEncoder(space).genotype(target);
  }

  private int[] genotype(Architecture target) {
    if (!target.input().equals(space.spec().input())) {
      throw new IllegalArgumentException(
          "its input %s is not the spec's %s".formatted(target.input(), space.spec().input()));
    }
    List<Layer> layers = target.layers();
    List<Object> body = new ArrayList<>();
    int at = 0;
    while (at < layers.size()) {
      Layer layer = layers.get(at);
      if (layer instanceof Layer.Conv || layer instanceof Layer.SeparableConv) {
        at = conv(layers, at, body);
      } else if (layer instanceof Layer.Pool p) {
        if (p.padding() != Padding.VALID) {
          throw layerError(at, layer, "a block's pool is unpadded (no p)");
        }
        body.add(new PoolUnit(at, p));
        at++;
      } else if (layer instanceof Layer.Residual || layer instanceof Layer.Branches) {
        throw layerError(at, layer, "only plain blocks can start a search");
      } else {
        break;
      }
    }
    int[] genotype = new int[space.genes().size()];
    if (!blocks(body, 0, 0, genotype)) {
      throw new IllegalArgumentException(reason);
    }
    head(layers, at, genotype);
    setOrThrow(genotype, "training.learningRate", String.valueOf(target.training().learningRate()));
    setOrThrow(genotype, "training.batchSize", String.valueOf(target.training().batchSize()));
    setOrThrow(genotype, "training.optimizer", target.training().optimizer().id());
    Architecture decoded = space.decode(genotype);
    if (!decoded.equals(target)) {
      throw new IllegalArgumentException(
          "no genotype of the space decodes to it (the nearest is %s)"
              .formatted(Notation.format(decoded.layers())));
    }
    return genotype;
  }

  /** Reads convolution {@code at} with its batch norm and activation; the index after them. */
  private static int conv(List<Layer> layers, int at, List<Object> body) {
    Layer layer = layers.get(at);
    int next = at + 1;
    boolean batchNorm = next < layers.size() && layers.get(next) instanceof Layer.BatchNorm;
    if (batchNorm) {
      next++;
    }
    if (!(next < layers.size() && layers.get(next) instanceof Layer.Activation activation)) {
      throw layerError(at, layer, "each convolution of a block has an activation after it");
    }
    // a separable convolution's genes are a standard one's, with the type gene saying which
    Layer.Conv c =
        layer instanceof Layer.SeparableConv sc
            ? new Layer.Conv(sc.kernel(), sc.filters(), sc.stride(), sc.padding(), sc.bias())
            : (Layer.Conv) layer;
    body.add(
        new ConvUnit(
            at,
            Notation.format(List.of(layer)),
            layer instanceof Layer.SeparableConv ? ConvType.SEPARABLE : ConvType.STANDARD,
            c.kernel(),
            c.filters(),
            c.stride(),
            c.padding(),
            c.bias(),
            batchNorm,
            activation.function()));
    return next + 1;
  }

  /**
   * Places the units from {@code at} on as blocks {@code block}, {@code block + 1}, ...: each a run
   * of convolutions the block's {@code convs} allows, then its pool if one follows.
   */
  private boolean blocks(List<Object> body, int at, int block, int[] genotype) {
    // whether the units from `at` fit blocks `block`.. does not depend on the blocks before, so a
    // pair tried once (and failed: success ends the search) fails again; without this a long chain
    // that does not fit would try every split, exponentially many
    if (!tried.add((long) at * Integer.MAX_VALUE + block)) {
      return false;
    }
    BlockSpace blocks = space.spec().blocks();
    if (at == body.size()) {
      if (block < blocks.min()) {
        fail(at, "it has %d blocks, fewer than blocks.min %d".formatted(block, blocks.min()));
        return false;
      }
      return set(genotype, "blocks", at, String.valueOf(block));
    }
    if (block >= blocks.max()) {
      fail(at, "its layers need more than blocks.max %d blocks".formatted(blocks.max()));
      return false;
    }
    if (!(body.get(at) instanceof ConvUnit first)) {
      PoolUnit pool = (PoolUnit) body.get(at);
      fail(
          at,
          "layer %d (%s): a pool follows a block's convolutions, and here none precedes it"
              .formatted(pool.layer(), Notation.format(List.of(pool.pool()))));
      return false;
    }
    BlockSpace b = blocks.at(block);
    // the longest blocks first: the fewest blocks, and the first attempt to reach a unit has blocks
    // to spare, so a value that is not a choice is the reason given, not the block count
    List<Integer> longestFirst = b.convs().stream().sorted(Comparator.reverseOrder()).toList();
    for (int convs : longestFirst) {
      int end = at + convs;
      if (end > body.size() || !sameBlock(body, at, end)) {
        continue;
      }
      PoolUnit pool = end < body.size() && body.get(end) instanceof PoolUnit p ? p : null;
      int[] attempt = genotype.clone();
      if (block(attempt, block, at, convs, first, pool)
          && blocks(body, pool == null ? end : end + 1, block + 1, attempt)) {
        System.arraycopy(attempt, 0, genotype, 0, genotype.length);
        return true;
      }
    }
    fail(
        at,
        "the convolutions from layer %d do not split into blocks of %s convolutions"
            .formatted(first.layer(), b.convs()));
    return false;
  }

  private static boolean sameBlock(List<Object> body, int from, int to) {
    ConvUnit first = (ConvUnit) body.get(from);
    for (int i = from + 1; i < to; i++) {
      if (!(body.get(i) instanceof ConvUnit c) || !c.continues(first)) {
        return false;
      }
    }
    return true;
  }

  /** Sets block {@code block}'s genes; false (the reason recorded) if a value is not a choice. */
  private boolean block(int[] genotype, int block, int at, int convs, ConvUnit c, PoolUnit pool) {
    context = "layer %d (%s): ".formatted(c.layer(), c.notation());
    try {
      return blockGenes(genotype, block, at, convs, c, pool);
    } finally {
      context = "";
    }
  }

  private boolean blockGenes(
      int[] genotype, int block, int at, int convs, ConvUnit c, PoolUnit pool) {
    String p = "block" + block + ".";
    boolean ok =
        set(genotype, p + "convs", at, String.valueOf(convs))
            && set(genotype, p + "kernel", at, String.valueOf(c.kernel()))
            && set(genotype, p + "stride", at, String.valueOf(c.stride()))
            && set(genotype, p + "padding", at, c.padding().id())
            && set(genotype, p + "channels", at, String.valueOf(c.filters()))
            && set(genotype, p + "type", at, c.type().id())
            && set(genotype, p + "batchNorm", at, String.valueOf(c.batchNorm()))
            && set(genotype, p + "bias", at, String.valueOf(c.bias()))
            && set(genotype, p + "activation", at, c.activation().id());
    if (ok && space.spec().blocks().graphs()) {
      ok = set(genotype, p + "kind", at, BlockKind.PLAIN.id());
    }
    if (!ok) {
      return false;
    }
    if (pool == null) {
      return set(genotype, p + "pool", at, PoolChoice.NONE.id());
    }
    PoolChoice kind = pool.pool().kind() == PoolKind.MAX ? PoolChoice.MAX : PoolChoice.AVG;
    return set(genotype, p + "pool", at, kind.id())
        && set(genotype, p + "poolSize", at, String.valueOf(pool.pool().size()))
        && set(genotype, p + "poolStride", at, String.valueOf(pool.pool().stride()));
  }

  /** The head after the blocks: global pooling, dense layer and activation, dropout, output. */
  private void head(List<Layer> layers, int at, int[] genotype) {
    HeadPooling pooling = HeadPooling.FLATTEN;
    if (at < layers.size() && layers.get(at) instanceof Layer.GlobalPool g) {
      pooling = g.kind() == PoolKind.MAX ? HeadPooling.MAX : HeadPooling.AVG;
      at++;
    }
    if (space.spec().head().poolingGene()) {
      setOrThrow(genotype, "head.pooling", pooling.id());
    } else if (pooling != HeadPooling.FLATTEN) {
      throw layerError(at - 1, layers.get(at - 1), "the spec's head has no global pooling");
    }
    int units = 0;
    if (at < layers.size() && layers.get(at) instanceof Layer.Dense d) {
      units = d.units();
      ActivationFn wanted = space.spec().head().activation();
      if (!(at + 1 < layers.size()
          && layers.get(at + 1) instanceof Layer.Activation a
          && a.function() == wanted)) {
        throw layerError(at, d, "the spec's dense layer has %s after it".formatted(wanted.id()));
      }
      at += 2;
    }
    setOrThrow(genotype, "head.units", String.valueOf(units));
    double dropout = 0;
    if (at < layers.size() && layers.get(at) instanceof Layer.Dropout d) {
      dropout = d.rate();
      at++;
    }
    setOrThrow(genotype, "head.dropout", String.valueOf(dropout));
    Layer last = layers.get(at);
    if (!(last instanceof Layer.Output o)) {
      throw layerError(at, last, "the spec's networks have no such layer here");
    }
    if (o.classes() != space.spec().classes()) {
      throw layerError(at, last, "the spec has %d classes".formatted(space.spec().classes()));
    }
  }

  private void setOrThrow(int[] genotype, String gene, String label) {
    if (!set(genotype, gene, Integer.MAX_VALUE, label)) {
      throw new IllegalArgumentException(reason);
    }
  }

  /** Sets {@code gene} to the choice labelled {@code label}; false (and why) if there is none. */
  private boolean set(int[] genotype, String gene, int at, String label) {
    int index = geneAt.get(gene);
    int choice = space.genes().get(index).labels().indexOf(label);
    if (choice < 0) {
      fail(
          at,
          context
              + "%s %s is not one of %s's choices %s"
                  .formatted(
                      gene.substring(gene.indexOf('.') + 1),
                      label,
                      gene,
                      space.genes().get(index).labels()));
      return false;
    }
    genotype[index] = choice;
    return true;
  }

  /** Keeps the reason of the attempt that got furthest (the first one among equals). */
  private void fail(int at, String why) {
    if (at > deepest) {
      deepest = at;
      reason = why;
    }
  }

  private static IllegalArgumentException layerError(int at, Layer layer, String rule) {
    return new IllegalArgumentException(
        "layer %d (%s): %s".formatted(at, Notation.format(List.of(layer)), rule));
  }
}
