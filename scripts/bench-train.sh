#!/usr/bin/env bash
# Training benchmarks (not part of the tests; they print measured figures).
#   scripts/bench-train.sh throughput [--images N] [--threads T] [--batch B] [--nets ref-small,ref-medium] [--gc-min K]
#       one epoch of the reference nets (or nets in notation, e.g. --nets "c3x32s2 relu | d64 relu | out10")
#       on Fashion-MNIST, batch 128 unless --batch, Adam 1e-3: images/s
#   scripts/bench-train.sh candidates [--candidates N] [--parallel P] [--threads T] [--train N]
#       N random candidates of the default space in one JVM: RSS after each, candidates/min
#   scripts/bench-train.sh compare [--images 10000] [--threads 1,2] [--rounds 3] [--nets ref-small,ref-medium]
#                                  [--reference torch_reference.py] [--reference-env installed|same]
#       nas4j and the PyTorch reference alternately on the same nets, images, batch (128), Adam and
#       threads, --rounds times: each side's median images/s over one epoch and their ratio. The
#       reference needs Debian's PyTorch and OpenBLAS: apt-get install python3-torch libopenblas0-pthread
#       (without them only nas4j runs). --reference defaults to ../shared/bench/torch_reference.py.
#       PyTorch runs as installed, without the idle-thread variables nas4j's launchers export
#       (--reference-env same: with them, as nas4j runs).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# One epoch of each net with nas4j (TrainBench) and with the PyTorch reference, alternately.
compare() {
  local images=10000 threads_list=1,2 rounds=3 nets=ref-small,ref-medium
  local reference="$NAS4J_ROOT/../shared/bench/torch_reference.py" reference_env=installed
  while [ $# -gt 0 ]; do
    case "$1" in
      --images) images="$2"; shift ;;
      --threads) threads_list="$2"; shift ;;
      --rounds) rounds="$2"; shift ;;
      --nets) nets="$2"; shift ;;
      --reference) reference="$2"; shift ;;
      --reference-env) reference_env="$2"; shift ;;
      *) die "compare: unknown option '$1'" ;;
    esac
    shift
  done
  local unset_idle
  case "$reference_env" in
    installed) unset_idle="-u GOMP_SPINCOUNT -u OPENBLAS_THREAD_TIMEOUT" ;;
    same) unset_idle="" ;;
    *) die "compare: --reference-env is installed or same, not '$reference_env'" ;;
  esac
  local torch=1 blas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread coretype=""
  if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "PyTorch is not installed: only nas4j runs (apt-get install python3-torch libopenblas0-pthread)" >&2
    torch=0
  elif [ ! -e "$reference" ]; then
    echo "$reference: missing (--reference FILE): only nas4j runs" >&2
    torch=0
  elif [ ! -d "$blas_dir" ]; then
    echo "OpenBLAS is not installed: PyTorch would run on reference BLAS; apt-get install libopenblas0-pthread" >&2
    torch=0
  fi
  # OpenBLAS takes some Xeons for "Prescott" (generic kernels); name the core type the CPU has.
  if grep -qw avx512f /proc/cpuinfo; then coretype=SkylakeX; elif grep -qw avx2 /proc/cpuinfo; then coretype=Haswell; fi
  local results
  results=$(mktemp)
  local cp="$NAS4J_JAR:$(dirname "$NAS4J_JAR")/lib/*"
  for round in $(seq 1 "$rounds"); do
    for t in ${threads_list//,/ }; do
      for net in ${nets//,/ }; do
        local ips
        ips=$(OMP_NUM_THREADS=$t java ${NAS4J_JAVA_OPTS:-} -cp "$cp" io.nas4j.evaluator.bench.TrainBench \
                --images "$images" --threads "$t" --batch 128 --nets "$net" \
              | awk -v n="$net" '$1 == n { print $2 }')
        echo "round $round  $net  $t thread(s)  nas4j  $ips images/s" >&2
        echo "$net $t nas4j $ips" >>"$results"
        if [ "$torch" = 1 ]; then
          ips=$(env $unset_idle OMP_NUM_THREADS="$t" LD_LIBRARY_PATH="$blas_dir" ${coretype:+OPENBLAS_CORETYPE=$coretype} \
                  /usr/bin/python3 "$reference" --net "${net#ref-}" --train "$images" --epochs 1 \
                  --threads "$t" --label torch-openblas \
                | sed -n 's/.*epoch1_img_per_s=\([0-9.]*\).*/\1/p')
          echo "round $round  $net  $t thread(s)  torch  $ips images/s" >&2
          echo "$net $t torch $ips" >>"$results"
        fi
      done
    done
  done
  echo
  printf '%-12s %7s %14s %14s %7s\n' net threads "nas4j img/s" "torch img/s" ratio
  awk '{ v[$1" "$2" "$3] = v[$1" "$2" "$3] " " $4; keys[$1" "$2] = 1 }
       function median(list,   a, n, i, j, t) {
         n = split(list, a, " ")
         for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
         if (n == 0) return ""
         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
       }
       END {
         for (k in keys) {
           split(k, p, " ")
           m = median(v[k" nas4j"]); r = median(v[k" torch"])
           printf "%-12s %7s %14.0f %14s %7s\n", p[1], p[2], m, (r == "" ? "-" : sprintf("%.0f", r)), (r == "" ? "-" : sprintf("%.2f", m / r))
         }
       }' "$results" | sort
  echo "(medians of $rounds round(s), one epoch of $images Fashion-MNIST images, batch 128, Adam 1e-3; PyTorch with the environment: $reference_env)"
  rm -f "$results"
}

case "${1:-}" in
  throughput) main=io.nas4j.evaluator.bench.TrainBench ;;
  candidates) main=io.nas4j.evaluator.bench.CandidateBench ;;
  compare) main="" ;;
  -h|--help|"") sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown benchmark '$1'; use throughput, candidates or compare" ;;
esac
shift
ensure_fashion_mnist
ensure_built
idle_threads_sleep
if [ -z "$main" ]; then
  compare "$@"
  exit 0
fi
threads_from_args "$@"
exec java ${NAS4J_JAVA_OPTS:-} -cp "$NAS4J_JAR:$(dirname "$NAS4J_JAR")/lib/*" "$main" "$@"
