#!/usr/bin/env bash
# Runs every test: unit tests, then the integration tests (*IT) that really train small networks
# on Fashion-MNIST, and the format check (mvn verify); then the end-to-end check of the scripts
# (scripts/e2e.sh). Installs Fashion-MNIST first when it can.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  -h|--help)
    echo "usage: scripts/test.sh [extra mvn arguments]   (mvn verify over all modules, then scripts/e2e.sh)"
    exit 0 ;;
esac
need java "install a Java 17 JDK"
need mvn "install Apache Maven 3.8+"
ensure_fashion_mnist
ensure_chromium
cd "$NAS4J_ROOT"
mvn -B verify "$@"
exec "$NAS4J_ROOT/scripts/e2e.sh"
