package io.nas4j.space.spec;

import io.nas4j.space.arch.Ids;

/** What a block is: a plain chain of convolutions, a residual block or a multi-branch block. */
public enum BlockKind {
  /** {@code convs} x [convolution, batch norm?, activation], then the block's pool. */
  PLAIN,
  /**
   * The same convolutions (same padding) as the body of a residual block, the activation after the
   * addition ({@code preActivation: false}) or batch norm and activation before each convolution.
   */
  RESIDUAL,
  /**
   * Parallel branches concatenated on channels: 1x1; 3x3; 5x5 (or two 3x3 with {@code convs: 2});
   * 3x3 max pool (same padding) then 1x1; each as wide as its {@code branchChannels} gene (0 = no
   * such branch; one branch is a plain chain, none at all a plain block).
   */
  BRANCHES;

  public String id() {
    return Ids.id(this);
  }

  public static BlockKind fromId(String id) {
    return Ids.parse(BlockKind.class, id);
  }
}
