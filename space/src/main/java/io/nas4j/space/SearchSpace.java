package io.nas4j.space;

import io.nas4j.space.arch.ActivationFn;
import io.nas4j.space.arch.Analysis;
import io.nas4j.space.arch.Architecture;
import io.nas4j.space.arch.Layer;
import io.nas4j.space.arch.Optimizer;
import io.nas4j.space.arch.Padding;
import io.nas4j.space.arch.PoolKind;
import io.nas4j.space.arch.Training;
import io.nas4j.space.spec.BlockKind;
import io.nas4j.space.spec.BlockSpace;
import io.nas4j.space.spec.Constraints;
import io.nas4j.space.spec.ConvType;
import io.nas4j.space.spec.HeadPooling;
import io.nas4j.space.spec.PoolChoice;
import io.nas4j.space.spec.SearchSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The ordered genes of a spec and the pure decoder from a genotype (one choice index per gene) to
 * an {@link Architecture}. Immutable and thread-safe.
 *
 * <p>Gene order: {@code blocks}; then for each block {@code b} in {@code 0..max-1} the block genes
 * {@code block<b>.convs, .kernel, .stride, .padding, .channels, .type, .batchNorm, .bias,
 * .activation, .pool, .poolSize, .poolStride}; then {@code head.units}, {@code head.dropout},
 * {@code training.learningRate}, {@code training.batchSize}, {@code training.optimizer}; block 0's
 * genes have the choices of the spec's stem if it has one. Genes of blocks beyond the chosen count,
 * and pool size/stride when the pool is {@code none}, do not affect the architecture.
 */
public final class SearchSpace {

  private final SearchSpec spec;
  private final List<Gene> genes;

  /** The {@code search.initial} genotypes, resolved on first use (most spaces have none). */
  private volatile List<int[]> initial;

  private SearchSpace(SearchSpec spec) {
    this.spec = spec;
    this.genes = List.copyOf(buildGenes(spec));
  }

  public static SearchSpace of(SearchSpec spec) {
    return new SearchSpace(spec);
  }

  public SearchSpec spec() {
    return spec;
  }

  public List<Gene> genes() {
    return genes;
  }

  /** Number of distinct genotypes: the product of all gene sizes. */
  public BigInteger genotypeCount() {
    BigInteger count = BigInteger.ONE;
    for (Gene gene : genes) {
      count = count.multiply(BigInteger.valueOf(gene.size()));
    }
    return count;
  }

  /**
   * Number of distinct architectures, counting genotypes that differ only in inactive genes once.
   * An estimate: it assumes different choices give different networks (a 1x1 kernel makes separable
   * and standard convolutions alike, for example, and that is not collapsed), and it includes
   * invalid ones.
   */
  public BigInteger architectureCountEstimate() {
    BlockSpace b = spec.blocks();
    BigInteger first = variants(b.at(0));
    BigInteger later = variants(b);
    BigInteger blocks = BigInteger.ZERO;
    for (int n = b.min(); n <= b.max(); n++) {
      blocks = blocks.add(first.multiply(later.pow(n - 1)));
    }
    long rest =
        (long) spec.head().units().size()
            * spec.head().dropout().size()
            * spec.training().learningRate().size()
            * spec.training().batchSize().size()
            * spec.training().optimizer().size()
            * spec.head().pooling().size();
    return blocks.multiply(BigInteger.valueOf(rest));
  }

  /** Distinct blocks from one block's choices. */
  private static BigInteger variants(BlockSpace b) {
    long poolings = 0;
    for (PoolChoice pool : b.pool()) {
      poolings += pool == PoolChoice.NONE ? 1 : (long) b.poolSize().size() * b.poolStride().size();
    }
    return BigInteger.valueOf(
            (long) b.convs().size() * b.kernel().size() * b.stride().size() * b.padding().size())
        .multiply(
            BigInteger.valueOf(
                (long) b.channels().size()
                    * b.type().size()
                    * b.batchNorm().size()
                    * b.bias().size()
                    * b.activation().size()))
        .multiply(BigInteger.valueOf(poolings))
        .multiply(kindsEstimate(b));
  }

  /** Block variants per kind: 1 plain, the residual forms, the branch width combinations. */
  private static BigInteger kindsEstimate(BlockSpace b) {
    BigInteger kinds = BigInteger.ZERO;
    for (BlockKind kind : b.kind()) {
      kinds =
          kinds.add(
              switch (kind) {
                case PLAIN -> BigInteger.ONE;
                case RESIDUAL -> BigInteger.valueOf(b.preActivation().size());
                case BRANCHES ->
                    BigInteger.valueOf(b.branchChannels().size()).pow(BlockSpace.BRANCHES);
              });
    }
    return kinds;
  }

  /**
   * Checks that {@code genotype} is one of this space's: as many genes as it has, each index in its
   * gene's range.
   *
   * @throws IllegalArgumentException if the length or an index is out of range, naming the gene
   */
  public void checkGenotype(int[] genotype) {
    if (genotype.length != genes.size()) {
      throw new IllegalArgumentException(
          "genotype must have %d genes, but had %d".formatted(genes.size(), genotype.length));
    }
    for (int i = 0; i < genotype.length; i++) {
      if (genotype[i] < 0 || genotype[i] >= genes.get(i).size()) {
        throw new IllegalArgumentException(
            "gene %s must be in [0, %d), but was %d"
                .formatted(genes.get(i).name(), genes.get(i).size(), genotype[i]));
      }
    }
  }

  /**
   * Decodes a genotype into an architecture. Every genotype of the right length with indices in
   * range decodes; whether the result has valid shapes is for {@link Analysis#of(Architecture)}.
   *
   * @throws IllegalArgumentException if the length or an index is out of range, naming the gene
   */
  public Architecture decode(int[] genotype) {
    checkGenotype(genotype);
    Cursor g = new Cursor(genotype);
    BlockSpace space = spec.blocks();
    int blockCount = g.pick(range(space.min(), space.max()));
    List<Layer> layers = new ArrayList<>();
    for (int block = 0; block < space.max(); block++) {
      BlockSpace b = space.at(block);
      int convs = g.pick(b.convs());
      int kernel = g.pick(b.kernel());
      int stride = g.pick(b.stride());
      Padding padding = g.pick(b.padding());
      int channels = g.pick(b.channels());
      ConvType type = g.pick(b.type());
      boolean batchNorm = g.pick(b.batchNorm());
      boolean bias = g.pick(b.bias());
      ActivationFn activation = g.pick(b.activation());
      PoolChoice pool = g.pick(b.pool());
      int poolSize = g.pick(b.poolSize());
      int poolStride = g.pick(b.poolStride());
      BlockKind kind = BlockKind.PLAIN;
      boolean pre = false;
      int[] widths = new int[BlockSpace.BRANCHES];
      if (space.graphs()) {
        kind = g.pick(b.kind());
        pre = g.pick(b.preActivation());
        for (int i = 0; i < widths.length; i++) {
          widths[i] = g.pick(b.branchChannels());
        }
      }
      if (block >= blockCount) {
        continue;
      }
      BlockLayers conv =
          new BlockLayers(
              kernel, channels, type, batchNorm, bias, new Layer.Activation(activation));
      switch (kind) {
        case PLAIN -> conv.plain(layers, convs, stride, padding);
        case RESIDUAL -> conv.residual(layers, convs, stride, pre);
        case BRANCHES -> {
          if (Arrays.stream(widths).allMatch(w -> w == 0)) { // no branch: the plain block
            conv.plain(layers, convs, stride, padding);
          } else {
            conv.branches(layers, convs, stride, widths);
          }
        }
      }
      if (pool != PoolChoice.NONE) {
        PoolKind poolKind = pool == PoolChoice.MAX ? PoolKind.MAX : PoolKind.AVG;
        layers.add(new Layer.Pool(poolKind, poolSize, poolStride));
      }
    }
    HeadPooling headPooling =
        spec.head().poolingGene() ? g.pick(spec.head().pooling()) : HeadPooling.FLATTEN;
    if (headPooling != HeadPooling.FLATTEN) {
      layers.add(
          new Layer.GlobalPool(headPooling == HeadPooling.MAX ? PoolKind.MAX : PoolKind.AVG));
    }
    int units = g.pick(spec.head().units());
    double dropout = g.pick(spec.head().dropout());
    if (units > 0) {
      layers.add(new Layer.Dense(units));
      layers.add(new Layer.Activation(spec.head().activation()));
    }
    if (dropout > 0) {
      layers.add(new Layer.Dropout(dropout));
    }
    layers.add(new Layer.Output(spec.classes()));
    double learningRate = g.pick(spec.training().learningRate());
    int batchSize = g.pick(spec.training().batchSize());
    Optimizer optimizer = g.pick(spec.training().optimizer());
    g.requireAllRead();
    return Architecture.of(spec.input(), layers, Training.of(optimizer, learningRate, batchSize));
  }

  /**
   * The genotypes of the spec's {@code search.initial} architectures, in their order: what a search
   * trains before it draws any. A copy each call.
   *
   * @throws IllegalArgumentException naming the entry ({@code search.initial[i]}) that is not a
   *     trainable network of this space (a spec read by {@code SpecReader} has been checked)
   */
  public List<int[]> initialGenotypes() {
    List<int[]> resolved = initial;
    if (resolved == null) {
      resolved = InitialNetworks.genotypes(this);
      initial = resolved;
    }
    return resolved.stream().map(int[]::clone).toList();
  }

  /**
   * A genotype that decodes to {@code architecture} (one of several when some genes do not matter
   * to it, e.g. those of unused blocks).
   *
   * @throws IllegalArgumentException saying why no genotype of this space is that network (it has a
   *     residual or multi-branch block, a value that is not one of a gene's choices, more blocks
   *     than the spec allows, ...)
   */
  public int[] encode(Architecture architecture) {
    return GenotypeEncoder.encode(this, architecture);
  }

  /** A uniformly random genotype. */
  public int[] randomGenotype(RandomGenerator random) {
    int[] genotype = new int[genes.size()];
    for (int i = 0; i < genotype.length; i++) {
      genotype[i] = random.nextInt(genes.get(i).size());
    }
    return genotype;
  }

  /**
   * Why the decoded architecture would not be trained: its shapes collapse or it breaks the spec's
   * constraints. Empty if it is a trainable candidate.
   */
  public Optional<String> rejection(Architecture architecture) {
    return rejectionOf(architecture).map(Rejection::reason);
  }

  /**
   * Why an architecture would not be trained.
   *
   * @param kind the cause, shared by every architecture rejected for it (for tallies), e.g. {@code
   *     exceed constraints.maxParams 10}
   * @param reason this architecture's layer and numbers, as {@link #rejection} gives them
   */
  public record Rejection(String kind, String reason) {}

  /** {@link #rejection} with the kind of cause; empty if it is a trainable candidate. */
  public Optional<Rejection> rejectionOf(Architecture architecture) {
    Analysis analysis = Analysis.of(architecture);
    if (!analysis.valid()) {
      // Analysis holds the layers before the one whose output collapsed.
      Layer failed = architecture.layers().get(analysis.layers().size());
      String reason = analysis.invalidReason().orElseThrow();
      String kind =
          failed instanceof Layer.Residual || failed instanceof Layer.Branches
              ? "have a block whose shapes do not fit"
              : reason.contains(Analysis.UNPADDABLE)
                  ? "have a stride too large for same padding"
                  : failed instanceof Layer.Pool
                      ? "have a pool window larger than its input"
                      : "have a convolution whose output is empty";
      return Optional.of(new Rejection(kind, reason));
    }
    Constraints limits = spec.constraints();
    return limits
        .violation(analysis)
        .map(
            reason ->
                new Rejection(
                    limits.maxMacs().isPresent() && analysis.macs() > limits.maxMacs().getAsLong()
                        ? "exceed constraints.maxMacs %,d".formatted(limits.maxMacs().getAsLong())
                        : "exceed constraints.maxParams %,d"
                            .formatted(limits.maxParams().getAsLong()),
                    reason));
  }

  private static List<Gene> buildGenes(SearchSpec spec) {
    List<Gene> genes = new ArrayList<>();
    BlockSpace space = spec.blocks();
    genes.add(gene("blocks", range(space.min(), space.max()), String::valueOf));
    for (int block = 0; block < space.max(); block++) {
      BlockSpace b = space.at(block);
      String p = "block" + block + ".";
      genes.add(gene(p + "convs", b.convs(), String::valueOf));
      genes.add(gene(p + "kernel", b.kernel(), String::valueOf));
      genes.add(gene(p + "stride", b.stride(), String::valueOf));
      genes.add(gene(p + "padding", b.padding(), Padding::id));
      genes.add(gene(p + "channels", b.channels(), String::valueOf));
      genes.add(gene(p + "type", b.type(), ConvType::id));
      genes.add(gene(p + "batchNorm", b.batchNorm(), String::valueOf));
      genes.add(gene(p + "bias", b.bias(), String::valueOf));
      genes.add(gene(p + "activation", b.activation(), ActivationFn::id));
      genes.add(gene(p + "pool", b.pool(), PoolChoice::id));
      genes.add(gene(p + "poolSize", b.poolSize(), String::valueOf));
      genes.add(gene(p + "poolStride", b.poolStride(), String::valueOf));
      if (space.graphs()) {
        genes.add(gene(p + "kind", b.kind(), BlockKind::id));
        genes.add(gene(p + "preActivation", b.preActivation(), String::valueOf));
        for (int i = 1; i <= BlockSpace.BRANCHES; i++) {
          genes.add(gene(p + "branch" + i, b.branchChannels(), String::valueOf));
        }
      }
    }
    if (spec.head().poolingGene()) {
      genes.add(gene("head.pooling", spec.head().pooling(), HeadPooling::id));
    }
    genes.add(gene("head.units", spec.head().units(), String::valueOf));
    genes.add(gene("head.dropout", spec.head().dropout(), String::valueOf));
    genes.add(gene("training.learningRate", spec.training().learningRate(), String::valueOf));
    genes.add(gene("training.batchSize", spec.training().batchSize(), String::valueOf));
    genes.add(gene("training.optimizer", spec.training().optimizer(), Optimizer::id));
    return genes;
  }

  private static <T> Gene gene(String name, List<T> choices, Function<T, String> label) {
    return new Gene(name, choices.stream().map(label).toList());
  }

  private static List<Integer> range(int min, int max) {
    Integer[] values = new Integer[max - min + 1];
    Arrays.setAll(values, i -> min + i);
    return List.of(values);
  }

  /** Reads the genotype in gene order. */
  private static final class Cursor {
    private final int[] genotype;
    private int next;

    Cursor(int[] genotype) {
      this.genotype = genotype;
    }

    <T> T pick(List<T> choices) {
      return choices.get(genotype[next++]);
    }

    void requireAllRead() {
      if (next != genotype.length) {
        throw new IllegalStateException(
            "decoder read %d of %d genes".formatted(next, genotype.length));
      }
    }
  }
}
