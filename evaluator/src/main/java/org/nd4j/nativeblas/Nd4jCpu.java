package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Makes DL4J 1.0.0-M2.1's oneDNN layer helpers work. Its {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by
 * reflection, a name from older releases; in M2.1 the class is {@code
 * org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method {@code isUseONEDNN()}.
 * Without this class the check fails and convolutions, pooling and batch norm fall back to slower
 * built-in code. The real class is reached by reflection too, so this compiles and loads without
 * the CPU backend (it then reports false).
 */
public final class Nd4jCpu {

  private Nd4jCpu() {}

  /** Stands in for the class DL4J looks up; public because DL4J uses {@code getMethod}. */
  public static final class Environment {

    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether ND4J's CPU backend was built with oneDNN and uses it. */
    public boolean isUseMKLDNN() {
      try {
        Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        Object environment = real.getMethod("getInstance").invoke(null);
        Method useOneDnn = real.getMethod("isUseONEDNN");
        return (Boolean) useOneDnn.invoke(environment);
      } catch (ReflectiveOperationException | LinkageError e) {
        return false;
      }
    }
  }
}
