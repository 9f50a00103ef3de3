#!/usr/bin/env bash
# Soak run (not part of CI): 16 threads serve predictions while the model is reloaded from disk
# every second and a trainer checkpoints beside it; default 10 minutes. Arguments go to
# dev.vecmlp.bench.soak.ServingSoak: [--minutes M | --seconds S] [--threads N] [--dir DIR].
# Builds benchmarks/target/benchmarks.jar first unless --no-build is the first argument.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" --add-modules jdk.incubator.vector -Xmx1g -cp benchmarks/target/benchmarks.jar \
  dev.vecmlp.bench.soak.ServingSoak "$@"
