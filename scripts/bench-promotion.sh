#!/usr/bin/env bash
# Continue or restart (not part of CI): trains a finished run's promotions at one rung again from
# their initial weights, as rungs.promotion: restart would, and compares them with the continued
# trainings the run journaled: the accuracy difference, and how well each ranks against the run's
# long trainings (scripts/bench-fidelity.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parallel=$(nproc)
rung=""
run=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      cat <<USAGE
usage: scripts/bench-promotion.sh RUN [--rung R] [--parallel CORES]
  RUN is a finished multi-fidelity search whose promotions continued (rungs.promotion: continue).
  Trains each candidate that continued at rung R (the top rung by default) again with rung R's
  recipe, its own seed and the same split, from its initial weights, --parallel at a time with one
  ND4J thread each, appending each result to RUN/promotion-restart-rung<R>.tsv (a second call
  trains only those missing). Then prints, per architecture, its validation accuracy continued and
  restarted and its long training's test accuracy, and: the mean difference restarted minus
  continued, and Kendall's tau of each with the long trainings' test accuracies, with 95% bootstrap
  intervals. Long trainings come from scripts/bench-fidelity.sh RUN (--top N to cover the rung).
  Takes about (promotions at R) x (R's time limit) / parallel.
USAGE
      exit 0 ;;
    --rung) rung="$2"; shift ;;
    --parallel) parallel="$2"; shift ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$run" ] || die "one RUN only, but got $run and $1"; run="$1" ;;
  esac
  shift
done
check_run_folder "$run"
[ "$parallel" -ge 1 ] 2>/dev/null || die "--parallel must be a whole number >= 1, but was $parallel"
if [ -n "$rung" ]; then
  [ "$rung" -ge 1 ] 2>/dev/null || die "--rung must be a whole number >= 1, but was $rung"
fi
grep -qs '"rung":' "$run/journal.jsonl" || die "$run: a single-fidelity run has no promotions"
prepare_run_bench "$run"
OMP_NUM_THREADS=1 exec java ${NAS4J_JAVA_OPTS:-} -cp "$NAS4J_JAR" io.nas4j.search.bench.PromotionBench \
  "$run" "$parallel" $rung
