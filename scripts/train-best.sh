#!/usr/bin/env bash
# Retrains a run's best architecture on the full training data (3 seeds) and saves the model.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  -h|--help)
    cat <<USAGE
usage: scripts/train-best.sh [RUN] [nas train options]
  RUN      a run folder (default: the newest under ./runs)
  options  --rank K (1), --seeds N (3), --parallel P (1), and the recipe's options, which replace
           the run's retrain recipe (default 30 epochs, patience 5, cosine schedule, shifts and
           flips): --epochs E, --patience P|none, --time-limit 30m, --train-size N, --val-size N,
           --shift PX, --no-augment, --weight-decay W, ...; --threads T, --out DIR
           (see nas train --help for the rest)
Writes RUN/train/<key>/{model.zip, architecture.json, dl4j-config.json, metrics.json} (<key>-2, ...
for later trainings of the same architecture) and prints the test accuracy (mean ± sd over the
seeds). model.zip loads with plain DL4J's ModelSerializer; nas report RUN lists every training.
USAGE
    exit 0 ;;
esac
run=""
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  run="$1"
  shift
else
  run=$(latest_run) || true
  [ -n "${run:-}" ] || die "no run given and none under $(pwd)/runs; run scripts/search.sh first"
fi
[ -e "$run/journal.jsonl" ] || die "$run: not a run folder (no journal.jsonl)"
case " $* " in
  *" --reproduce "*) ;;
  *) case " $* " in *" --seeds"*) ;; *) set -- "$@" --seeds 3 ;; esac ;;
esac
if grep -qs '/usr/share/datasets/fashion-mnist' "$run/journal.jsonl"; then
  ensure_fashion_mnist
fi
ensure_built
idle_threads_sleep
case " $* " in
  *" --threads"*) threads_from_args "$@" ;;
  *) export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" ;;
esac
exec java ${NAS4J_JAVA_OPTS:-} -jar "$NAS4J_JAR" train "$run" "$@"
