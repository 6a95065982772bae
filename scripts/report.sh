#!/usr/bin/env bash
# (Re)writes a run's reports from its journal and prints where they are.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  -h|--help)
    cat <<USAGE
usage: scripts/report.sh [RUN ...] [--top K] [--out DIR]
  RUN   a run folder (default: the newest under ./runs); with several, also writes compare.md/.html
Writes report.json, leaderboard.csv, report.md and report.html into each run folder (nas report).
USAGE
    exit 0 ;;
esac
have_run=""
for arg in "$@"; do
  case "$arg" in -*) ;; *) have_run=1 ;; esac
done
if [ -z "$have_run" ]; then
  run=$(latest_run) || true
  [ -n "${run:-}" ] || die "no run given and none under $(pwd)/runs; run scripts/search.sh first"
  set -- "$run" "$@"
fi
for arg in "$@"; do
  case "$arg" in
    -*) ;;
    *) [ -e "$arg/journal.jsonl" ] || [ -f "$arg" ] || [ -d "$arg" ] \
         || die "$arg: no such run folder" ;;
  esac
done
ensure_built
java ${NAS4J_JAVA_OPTS:-} -jar "$NAS4J_JAR" report "$@"
