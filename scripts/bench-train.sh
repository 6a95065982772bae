#!/usr/bin/env bash
# Training benchmarks (not part of the tests; they print measured figures).
#   scripts/bench-train.sh throughput [--images N] [--threads T] [--batch B] [--nets ref-small,ref-medium] [--gc-every K]
#       one epoch of the reference nets (or nets in notation, e.g. --nets "c3x32s2 relu | d64 relu | out10")
#       on Fashion-MNIST, batch 128 unless --batch, Adam 1e-3: images/s
#   scripts/bench-train.sh candidates [--candidates N] [--parallel P] [--threads T] [--train N]
#       N random candidates of the default space in one JVM: RSS after each, candidates/min
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  throughput) main=io.nas4j.evaluator.bench.TrainBench ;;
  candidates) main=io.nas4j.evaluator.bench.CandidateBench ;;
  -h|--help|"") sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown benchmark '$1'; use throughput or candidates" ;;
esac
shift
ensure_fashion_mnist
ensure_built
threads_from_args "$@"
exec java ${NAS4J_JAVA_OPTS:-} -cp "$NAS4J_JAR:$(dirname "$NAS4J_JAR")/lib/*" "$main" "$@"
