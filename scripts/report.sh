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
runs_given=0
prev=""
for arg in "$@"; do
  case "$prev" in
    --top|--out) ;;
    *) case "$arg" in
         -*) ;;
         *) runs_given=1
            [ -e "$arg" ] || die "$arg: no such run folder" ;;
       esac ;;
  esac
  prev="$arg"
done
if [ "$runs_given" = 0 ]; then
  run=$(latest_run) || true
  [ -n "${run:-}" ] || die "no run given and none under $(pwd)/runs; run scripts/search.sh first"
  set -- "$run" "$@"
fi
ensure_built
idle_threads_sleep
java ${NAS4J_JAVA_OPTS:-} -jar "$NAS4J_JAR" report "$@"
