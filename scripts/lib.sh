# Shared helpers for nas4j's scripts. Source it; it defines functions only.

NAS4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FASHION_MNIST_DIR=/usr/share/datasets/fashion-mnist

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed ($2)"
}

# Installs Debian's dataset-fashion-mnist when it is missing and we are root; else explains.
ensure_fashion_mnist() {
  if [ -e "$FASHION_MNIST_DIR/train-images-idx3-ubyte.gz" ] || [ -e "$FASHION_MNIST_DIR/train-images-idx3-ubyte" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Fashion-MNIST (Debian package dataset-fashion-mnist) ..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >&2 \
      || die "could not install dataset-fashion-mnist with apt-get"
  else
    die "Fashion-MNIST is missing from $FASHION_MNIST_DIR: run 'sudo apt-get install dataset-fashion-mnist'"
  fi
}

# Installs Debian's chromium (for the report page test) when it is missing and we are root.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium (Debian package chromium) for the report test ..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 \
      || echo "could not install chromium: the report page test will be skipped" >&2
  else
    echo "chromium is missing and cannot be installed here: the report page test will be skipped" >&2
  fi
}

# Builds the nas launcher jar when it is missing or older than any source or pom.
ensure_built() {
  need java "install a Java 17 JDK"
  local jar
  jar=$(ls "$NAS4J_ROOT"/search/target/nas4j-search-*.jar 2>/dev/null | head -n 1 || true)
  if [ -z "$jar" ] || [ -n "$(find "$NAS4J_ROOT" -path "$NAS4J_ROOT/runs" -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.yaml' \) -newer "$jar" -print 2>/dev/null | grep -v '/target/' | head -n 1)" ]; then
    need mvn "install Apache Maven 3.8+"
    echo "Building nas4j (mvn package) ..." >&2
    local log
    log=$(mktemp)
    if ! (cd "$NAS4J_ROOT" && mvn -B -Dstyle.color=never package -DskipTests -Dspotless.check.skip=true) >"$log" 2>&1; then
      grep -E 'ERROR' "$log" | head -n 20 >&2
      rm -f "$log"
      die "the build failed; run 'mvn package' in $NAS4J_ROOT for the whole log"
    fi
    rm -f "$log"
    jar=$(ls "$NAS4J_ROOT"/search/target/nas4j-search-*.jar | head -n 1)
  fi
  NAS4J_JAR="$jar"
}

# After each parallel operation, ND4J's OpenMP and OpenBLAS threads spin for a long while before
# they sleep, taking the cores the next operation needs: 20-40% fewer images/s at 2 threads
# (docs/benchmarks.md, "Idle threads that sleep"). Exports the values Dl4jRuntime.IDLE_THREADS
# names (search/src/main/dist/bin/nas does the same) unless the user set them. Both libraries read
# them when they load, so this must happen before java starts.
idle_threads_sleep() {
  export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-1000}"
  export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
}

# A benchmark over a finished run: RUN ($1) must be a run folder (one with a journal).
check_run_folder() {
  [ -n "$1" ] || die "give a RUN folder (see --help)"
  [ -e "$1/journal.jsonl" ] || die "$1: not a run folder (no journal.jsonl)"
}

# What a benchmark over the finished run $1 needs before java starts: its data (Fashion-MNIST from
# Debian, if the run used it), a built nas4j and idle threads that sleep.
prepare_run_bench() {
  if grep -qs '/usr/share/datasets/fashion-mnist' "$1/journal.jsonl"; then
    ensure_fashion_mnist
  fi
  ensure_built
  idle_threads_sleep
}

# ND4J reads its thread count from OMP_NUM_THREADS when it loads: export it from --threads N.
threads_from_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --threads) [ $# -gt 1 ] || return 0; [ "$2" != 0 ] && export OMP_NUM_THREADS="$2"; shift ;;
      --threads=*) [ "${1#--threads=}" != 0 ] && export OMP_NUM_THREADS="${1#--threads=}" ;;
    esac
    shift
  done
}

# The newest run folder (one with a journal) under ./runs, or nothing.
latest_run() {
  local journal
  journal=$(ls -t runs/*/journal.jsonl 2>/dev/null | head -n 1 || true)
  [ -n "$journal" ] && dirname "$journal"
}
