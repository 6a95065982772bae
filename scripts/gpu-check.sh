#!/usr/bin/env bash
# GPU check (not part of the tests): builds nas4j with ND4J's CUDA backend and trains the reference
# nets and a default-space candidate on the GPU, printing images/s (one epoch each).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
images=10000
batch=128
nets="ref-small,ref-medium,c3x32s2nb bn relu | avg2 | c7x128s2nb bn relu | d128 relu drop0.25 | out10"
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      cat <<USAGE
usage: scripts/gpu-check.sh [--images 10000] [--batch 128] [--nets NET,...] [--force]
  1. nvidia-smi: the GPU, its compute capability and the driver. DL4J 1.0.0-M2.1's CUDA natives
     (nd4j-cuda-11.6) hold machine code for compute capabilities 3.7 to 8.6 and no PTX, so they
     cannot run on 9.0 and later (Hopper: H100, H200): the script stops there unless --force.
  2. builds the CUDA app (mvn -Pcuda package) in a copy of the sources under target/cuda, so the
     CPU build that the other scripts use stays as it is. The machine needs CUDA 11.6's cuBLAS and
     cuSOLVER and cuDNN 8 (libcublas.so.11, libcusolver.so.11, libcudnn.so.8) on its library path.
  3. one epoch of --images Fashion-MNIST images for each net (the reference nets of
     scripts/bench-train.sh and the headline8 winner by default), batch --batch, Adam 1e-3:
     the backend line (device) and images/s of each.
USAGE
      exit 0 ;;
    --images) images="$2"; shift ;;
    --batch) batch="$2"; shift ;;
    --nets) nets="$2"; shift ;;
    --force) force=1 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
[ "$images" -ge 1 ] 2>/dev/null || die "--images must be >= 1, but was $images"
[ "$batch" -ge 1 ] 2>/dev/null || die "--batch must be >= 1, but was $batch"
need nvidia-smi "the NVIDIA driver; this check needs an NVIDIA GPU"
gpu=$(nvidia-smi --query-gpu=name,compute_cap,driver_version --format=csv,noheader | head -n 1)
[ -n "$gpu" ] || die "nvidia-smi lists no GPU"
echo "gpu: $gpu"
capability=$(echo "$gpu" | awk -F', ' '{ print $2 }')
major=${capability%%.*}
if [ "${major:-0}" -ge 9 ] 2>/dev/null && [ "$force" = 0 ]; then
  echo "$(basename "$0"): compute capability $capability: DL4J 1.0.0-M2.1's CUDA natives have machine code for 3.7-8.6 and no PTX to compile for this GPU (every kernel would fail with 'no kernel image is available'); Maven Central has no newer ND4J CUDA build. Use the CPU backend, or a libnd4j built for sm_${capability/./} (--force tries anyway)" >&2
  exit 3
fi
ensure_fashion_mnist
need mvn "install Apache Maven 3.8+"
build="$NAS4J_ROOT/target/cuda"
mkdir -p "$build"
# a copy of the sources (not runs/, not build output), built with the CUDA profile
(cd "$NAS4J_ROOT" && tar --exclude=./target --exclude='./*/target' --exclude=./runs --exclude=./.git -cf - .) \
  | (cd "$build" && tar -xf -)
echo "Building nas4j with the CUDA backend (mvn -Pcuda package in target/cuda) ..." >&2
log="$build/build.log"
if ! (cd "$build" && mvn -B -Dstyle.color=never -Pcuda package -DskipTests -Dspotless.check.skip=true) >"$log" 2>&1; then
  grep -E 'ERROR' "$log" | head -n 20 >&2
  die "the CUDA build failed; the whole log: $log"
fi
jar=$(ls "$build"/search/target/nas4j-search-*.jar | head -n 1)
cp="$jar:$(dirname "$jar")/lib/*"
idle_threads_sleep
java ${NAS4J_JAVA_OPTS:-} -cp "$cp" io.nas4j.evaluator.bench.TrainBench \
  --images "$images" --batch "$batch" --threads "$(nproc)" --nets "$nets"
