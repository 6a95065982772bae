#!/usr/bin/env bash
# End-to-end check of the user path, as the README gives it: a small search with scripts/search.sh,
# its four report files, scripts/train-best.sh, nas report listing the training's test accuracy, and
# the saved model and the 2-seed ensemble loaded again by nas evaluate.
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
folder=$(grep -m 1 '^metrics: ' train.log | sed 's/^metrics: //; s/\/metrics\.json$//')
[ -n "$folder" ] || { cat train.log; fail "nas train did not say where it wrote"; }
case "$folder" in runs/e2e/train/*) ;; *) fail "nas train wrote $folder, not under runs/e2e/train/" ;; esac
for f in model.zip architecture.json dl4j-config.json metrics.json; do
  [ -s "$folder/$f" ] || fail "$folder/$f is missing or empty"
done

step "scripts/report.sh runs/e2e (lists the training's test accuracies)"
"$NAS4J_ROOT/scripts/report.sh" runs/e2e > report.log || { cat report.log; fail "report failed"; }
line=$(grep -m 1 "train/$(basename "$folder"): train, rank 1, test acc" report.log) \
  || { cat report.log; fail "nas report does not list the training"; }
grep -q "Final trainings" runs/e2e/report.md || fail "report.md has no final trainings"
# "... model.zip 0.8123; ensemble 0.8234 (2 models)": the figures nas evaluate must reproduce
model_acc=$(echo "$line" | grep -o 'model.zip [0-9.]*' | cut -d' ' -f2)
ensemble_acc=$(echo "$line" | grep -o 'ensemble [0-9.]*' | cut -d' ' -f2)
[ -n "$model_acc" ] && [ -n "$ensemble_acc" ] || fail "no model or ensemble accuracy in: $line"

step "nas evaluate $folder/model.zip"
"$NAS4J_ROOT/scripts/nas" evaluate "$folder/model.zip" --data "$NAS4J_ROOT/specs/smoke.yaml" > evaluate.log \
  || { cat evaluate.log; fail "the saved model could not be evaluated"; }
grep -q "^accuracy $model_acc " evaluate.log || { cat evaluate.log; fail "evaluate does not give the report's $model_acc"; }

step "nas evaluate $folder/models/*.zip (the 2 seeds' ensemble)"
"$NAS4J_ROOT/scripts/nas" evaluate "$folder"/models/*.zip --data "$NAS4J_ROOT/specs/smoke.yaml" > ensemble.log \
  || { cat ensemble.log; fail "the saved ensemble could not be evaluated"; }
grep -q "^ensemble of 2 models" ensemble.log || { cat ensemble.log; fail "evaluate did not score 2 models"; }
grep -q "^accuracy $ensemble_acc " ensemble.log || { cat ensemble.log; fail "evaluate does not give the report's ensemble $ensemble_acc"; }

tail -n 4 train.log >&2
step "passed"
