#!/usr/bin/env bash
# Scale-out benchmark of the Spark engine (not part of CI): the same small search through a
# standalone Spark cluster on loopback with 1, then 2 single-core workers.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
evaluations=16
spec="$NAS4J_ROOT/specs/scale-out.yaml"
out="runs/bench-spark-$(date -u +%Y%m%d-%H%M%S)"
workers=(1 2)
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      cat <<USAGE
usage: scripts/bench-spark.sh [--spec specs/scale-out.yaml] [--evaluations 16] [--out DIR] [--workers "1 2"]
Starts a Spark Master and N single-core Workers on 127.0.0.1 (separate JVMs), runs the same
random search (--evaluations candidates of --spec) through it with 'nas search --engine spark',
stops the cluster, and repeats for each N. Prints wall time, candidates per minute, speed-up over
one worker and efficiency (speed-up / N). Logs and runs go to --out.
USAGE
      exit 0 ;;
    --spec) spec="$2"; shift ;;
    --evaluations) evaluations="$2"; shift ;;
    --out) out="$2"; shift ;;
    --workers) read -r -a workers <<<"$2"; shift ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
[ -f "$spec" ] || die "--spec $spec: no such file"
[ "$evaluations" -ge 1 ] 2>/dev/null || die "--evaluations must be >= 1, but was $evaluations"
[ -e "$out" ] && die "--out $out already exists"
ensure_fashion_mnist
ensure_built
idle_threads_sleep
app=$(ls -d "$NAS4J_ROOT"/spark/target/nas4j-spark-*/ | head -n 1)
mkdir -p "$out"
OMP_NUM_THREADS=1 java ${NAS4J_JAVA_OPTS:-} -cp "$app/lib/*" io.nas4j.spark.ScaleOutBench \
  "$spec" "$evaluations" "$out" "${workers[@]}"
