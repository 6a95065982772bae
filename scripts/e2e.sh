#!/usr/bin/env bash
# End-to-end check of the user path, as the README gives it: a small search with scripts/search.sh,
# its four report files, scripts/train-best.sh, and the saved model and the 2-seed ensemble loaded
# again by nas evaluate.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  -h|--help)
    echo "usage: scripts/e2e.sh   (about a minute; works in a temporary folder, removed at the end)"
    exit 0 ;;
esac
ensure_fashion_mnist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { echo "e2e: $*" >&2; }
fail() { echo "e2e: FAILED: $*" >&2; exit 1; }

step "scripts/search.sh specs/smoke.yaml --run-id e2e --max-evaluations 4"
"$NAS4J_ROOT/scripts/search.sh" "$NAS4J_ROOT/specs/smoke.yaml" --run-id e2e --max-evaluations 4 > search.log \
  || { cat search.log; fail "the search failed"; }
grep -q "search ended: max-evaluations" search.log || { cat search.log; fail "the search did not end as budgeted"; }
for f in journal.jsonl report.json leaderboard.csv report.md report.html; do
  [ -s "runs/e2e/$f" ] || fail "runs/e2e/$f is missing or empty"
done

step "scripts/train-best.sh runs/e2e --epochs 1 --seeds 2 --train-size 2000 --val-size 500"
"$NAS4J_ROOT/scripts/train-best.sh" runs/e2e --epochs 1 --seeds 2 --train-size 2000 --val-size 500 > train.log \
  || { cat train.log; fail "train-best failed"; }
grep -q "mean ± sd over 2 seeds" train.log || { cat train.log; fail "no test accuracy summary"; }
for f in model.zip architecture.json dl4j-config.json metrics.json; do
  [ -s "runs/e2e/train/1/$f" ] || fail "runs/e2e/train/1/$f is missing or empty"
done

step "nas evaluate runs/e2e/train/1/model.zip"
"$NAS4J_ROOT/scripts/nas" evaluate runs/e2e/train/1/model.zip --data "$NAS4J_ROOT/specs/smoke.yaml" > evaluate.log \
  || { cat evaluate.log; fail "the saved model could not be evaluated"; }
# The test accuracy in metrics.json's object FIELD ("model" or "ensemble"), to 4 places.
accuracy_in() {
  sed -n "/^  \"$1\" : {/,/^  }/p" runs/e2e/train/1/metrics.json \
    | grep -m 1 -o '"testAccuracy" : [0-9.]*' | awk '{printf "%.4f", $3}' || true
}
model_acc=$(accuracy_in model)
[ -n "$model_acc" ] || fail "metrics.json has no model test accuracy"
grep -q "^accuracy $model_acc " evaluate.log || { cat evaluate.log; fail "evaluate does not give metrics.json's $model_acc"; }

step "nas evaluate runs/e2e/train/1/models/*.zip (the 2 seeds' ensemble)"
"$NAS4J_ROOT/scripts/nas" evaluate runs/e2e/train/1/models/*.zip --data "$NAS4J_ROOT/specs/smoke.yaml" > ensemble.log \
  || { cat ensemble.log; fail "the saved ensemble could not be evaluated"; }
ensemble_acc=$(accuracy_in ensemble)
[ -n "$ensemble_acc" ] || fail "metrics.json has no ensemble test accuracy"
grep -q "^ensemble of 2 models" ensemble.log || { cat ensemble.log; fail "evaluate did not score 2 models"; }
grep -q "^accuracy $ensemble_acc " ensemble.log || { cat ensemble.log; fail "evaluate does not give metrics.json's ensemble $ensemble_acc"; }

tail -n 4 train.log >&2
step "passed"
