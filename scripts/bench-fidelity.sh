#!/usr/bin/env bash
# Rank fidelity of a finished run (not part of CI): does the search's ranking hold at full
# training? Trains the run's top ranks and a few drawn at random from the rest with the run's
# retrain recipe for a fixed time each, then prints Kendall's tau and Spearman's rho between the
# search's ranks and the test accuracies (nas report shows them too from then on).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
top=10
random=5
minutes=5
parallel=$(nproc)
seed=1
run=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      cat <<USAGE
usage: scripts/bench-fidelity.sh RUN [--top 10] [--random 5] [--minutes 5] [--parallel CORES] [--seed 1]
  Trains RUN's ranks 1..--top and --random more drawn (with --seed) from the rest, each with the
  run's retrain recipe for --minutes (no patience stop, cosine over the epochs that fit), --parallel
  at a time with one ND4J thread each, into RUN/train/<key>-fidelity/ (an architecture that an
  earlier call trained so is not trained again: after a change of the ranking, a second call trains
  only the new top ranks, and the figure covers all of them); then rewrites RUN's reports
  and prints the rank fidelity: Kendall's tau and Spearman's rho (95% intervals) between the
  search's ranks and the test accuracies. Takes about (top + random) x minutes / parallel.
USAGE
      exit 0 ;;
    --top) top="$2"; shift ;;
    --random) random="$2"; shift ;;
    --minutes) minutes="$2"; shift ;;
    --parallel) parallel="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$run" ] || die "one RUN only, but got $run and $1"; run="$1" ;;
  esac
  shift
done
check_run_folder "$run"
for v in top random minutes parallel; do
  [ "${!v}" -ge 0 ] 2>/dev/null || die "--$v must be a whole number, but was ${!v}"
done
[ "$minutes" -ge 1 ] && [ "$parallel" -ge 1 ] || die "--minutes and --parallel must be >= 1"
[ $((top + random)) -ge 5 ] || die "--top + --random must be >= 5 (a rank fidelity needs 5 architectures)"
[ "$seed" -eq "$seed" ] 2>/dev/null || die "--seed must be an integer, but was $seed"
prepare_run_bench "$run"
OMP_NUM_THREADS=1 exec java ${NAS4J_JAVA_OPTS:-} -cp "$NAS4J_JAR" io.nas4j.search.bench.FidelityBench \
  "$run" "$top" "$random" "$minutes" "$parallel" "$seed"
