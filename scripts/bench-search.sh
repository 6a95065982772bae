#!/usr/bin/env bash
# The headline benchmark (not part of CI): a default search on Fashion-MNIST with a fixed wall-time
# budget, then 'nas train' of its best architectures with a fixed time budget; prints the test
# accuracy, the wall times and where the search's time went.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
search_minutes=55
spec=fashion-mnist
train_minutes=30
parallel=$(nproc)
seeds=""
top=""
search_seed=""
batch=128
cutout=0
smoothing=0
weight_decay=0.05
ema_decay=0
run_id="bench-$(date -u +%Y%m%d-%H%M%S)"
runs="runs"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      cat <<USAGE
usage: scripts/bench-search.sh [--search-minutes 55] [--spec fashion-mnist] [--train-minutes 30]
                               [--parallel CORES] [--ensemble-top 2] [--seeds PARALLEL/TOP]
                               [--search-seed S] [--batch-size 128] [--cutout 0]
                               [--label-smoothing 0] [--weight-decay 0.05] [--ema-decay 0]
                               [--run-id ID] [--runs DIR]
  1. scripts/search.sh (the default Fashion-MNIST spec, or --spec: regularized evolution with
     rungs, one candidate per core) for --search-minutes (--search-seed: another seed than 42)
  2. nas train of the search's best architectures: rank 1, and with --ensemble-top T (default: 2
     with 2+ cores, else 1) ranks 2..T too, on all 60,000 training images (6,000 held out to pick
     the best epoch) with --seeds seeds each (default: cores / T, at least 1), --parallel at a
     time (default: as many as cores, one ND4J thread each: two 1-thread trainings run about as
     fast each as one 2-thread training), each training limited to --train-minutes (divided by
     the rounds of --parallel), learning rate decayed to 0 along a cosine over the epochs that
     fit and no patience stop, mini-batches of --batch-size, random shifts and flips (--cutout,
     --label-smoothing: off by default), decoupled weight decay --weight-decay (0 = none), with
     --ema-decay D a moving average of the weights kept, validated and saved instead (0 = none), then
     scored on the 10,000 test images: each model, and with 2+ models their ensemble (class
     probabilities averaged; a model that lowers the ensemble's validation accuracy is left
     out), plainly and with flip test-time augmentation.
Prints nas report's summary (the search's counts, the trainings' test accuracies), and the wall
times. Goal on a 2-core machine: >= 0.935 test accuracy within 90 minutes.
USAGE
      exit 0 ;;
    --search-minutes) search_minutes="$2"; shift ;;
    --spec) spec="$2"; shift ;;
    --train-minutes) train_minutes="$2"; shift ;;
    --seeds) seeds="$2"; shift ;;
    --ensemble-top) top="$2"; shift ;;
    --parallel) parallel="$2"; shift ;;
    --search-seed) search_seed="$2"; shift ;;
    --batch-size) batch="$2"; shift ;;
    --cutout) cutout="$2"; shift ;;
    --label-smoothing) smoothing="$2"; shift ;;
    --weight-decay) weight_decay="$2"; shift ;;
    --ema-decay) ema_decay="$2"; shift ;;
    --run-id) run_id="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
[ "$parallel" -ge 1 ] 2>/dev/null || die "--parallel must be >= 1, but was $parallel"
if [ -z "$top" ]; then
  top=1
  [ "$parallel" -ge 2 ] && top=2
fi
[ "$top" -ge 1 ] 2>/dev/null || die "--ensemble-top must be >= 1, but was $top"
seeds="${seeds:-$(( parallel / top > 1 ? parallel / top : 1 ))}"
[ "$seeds" -ge 1 ] 2>/dev/null || die "--seeds must be >= 1, but was $seeds"
[ "$batch" -ge 1 ] 2>/dev/null || die "--batch-size must be >= 1, but was $batch"
[ "$cutout" -ge 0 ] 2>/dev/null || die "--cutout must be >= 0, but was $cutout"
[[ "$smoothing" =~ ^0*(\.[0-9]+)?$|^0\.?$ ]] || die "--label-smoothing must be a number in [0, 1), but was $smoothing"
awk -v w="$weight_decay" 'BEGIN { exit !(w == w + 0 && w >= 0 && w < 1) }' \
  || die "--weight-decay must be a number in [0, 1), but was $weight_decay"
awk -v d="$ema_decay" 'BEGIN { exit !(d == d + 0 && d >= 0 && d < 1) }' \
  || die "--ema-decay must be a number in [0, 1), but was $ema_decay"
[ -z "$search_seed" ] || [ "$search_seed" -eq "$search_seed" ] 2>/dev/null \
  || die "--search-seed must be an integer, but was $search_seed"
[ "$search_minutes" -ge 1 ] 2>/dev/null || die "--search-minutes must be >= 1, but was $search_minutes"
rounds=$(( (seeds * top + parallel - 1) / parallel ))
[ "$train_minutes" -ge "$rounds" ] 2>/dev/null \
  || die "--train-minutes must be >= the rounds of --seeds x --ensemble-top / --parallel ($rounds), but was $train_minutes"
ensure_fashion_mnist
ensure_built
idle_threads_sleep
run="$runs/$run_id"
per_seed=$(( train_minutes * 60 / rounds ))
threads=$(( $(nproc) / parallel ))
[ "$threads" -ge 1 ] || threads=1

start=$(date +%s)
"$NAS4J_ROOT/scripts/search.sh" "$spec" --runs "$runs" --run-id "$run_id" \
  --wall-time "${search_minutes}m" --max-evaluations 100000 --generations 100000 \
  ${search_seed:+--seed "$search_seed"}
searched=$(date +%s)
OMP_NUM_THREADS=$threads java ${NAS4J_JAVA_OPTS:-} -jar "$NAS4J_JAR" train "$run" --ensemble-top "$top" \
  --epochs 100 --patience none --seeds "$seeds" --parallel "$parallel" --threads "$threads" \
  --time-limit "${per_seed}s" --batch-size "$batch" --cutout "$cutout" --label-smoothing "$smoothing" \
  --weight-decay "$weight_decay" --ema-decay "$ema_decay"
trained=$(date +%s)

echo
echo "== headline benchmark: $run"
# the search's counts and the final training's test accuracies, as nas report reads them
java ${NAS4J_JAVA_OPTS:-} -jar "$NAS4J_JAR" report "$run"
echo "search $(( (searched - start) / 60 )) min $(( (searched - start) % 60 )) s, train $(( (trained - searched) / 60 )) min $(( (trained - searched) % 60 )) s, total $(( (trained - start) / 60 )) min $(( (trained - start) % 60 )) s on $(nproc) cores"
