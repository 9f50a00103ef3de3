#!/usr/bin/env bash
# Where a model server's start-up time goes: StartupBreakdown's phases (JVM start, Vector API
# init, the SIMD backend, file read, decode, Predictor.of, warm-up, calls until ready) with wall,
# main-thread CPU, process CPU and compiler-thread CPU per phase, and the JIT's work before
# ready from a -XX:+LogCompilation log of the same run (benchmarks/startup-compiles.py): C1/C2
# compile counts and times, queue waits, the longest C2 compilations, vecmlp's own.
#
#   benchmarks/startup-breakdown.sh [--jdk DIR] [--runs N] [--model mnist] [--warm-up none|single|default]
#                                   [--no-build] [--keep DIR] [-- EXTRA JVM FLAGS...]
#
# One fresh JVM per run; the model file is written once, by a separate JVM, so the measured
# JVM has loaded nothing of vecmlp before main. Wall times need a quiet machine; CPU times,
# compile times and counts change little with other load (say which when reporting).
set -euo pipefail

self="$(readlink -f "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/.." && pwd)"
cd "$root"

jdk="${JAVA_HOME:-}"
runs=3
model="mnist"
warm="none"
build=1
keep=""
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jdk) jdk="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --warm-up) warm="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep) keep="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$self"; exit 0 ;;
    *) echo "startup-breakdown.sh: unexpected argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
source "$(dirname "$self")/jdk.sh"
resolve_jdk startup-breakdown.sh "$jdk"

jar="benchmarks/target/benchmarks.jar"
if [[ $build -eq 1 || ! -f "$jar" ]]; then
  echo "building $jar" >&2
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "$keep" ]] || trap 'rm -rf "$work"' EXIT
main=(dev.vecmlp.bench.startup.StartupBreakdown)
"$java" -cp "$jar" "${main[@]}" write "$model" "$work/$model.vmlp"
for ((r = 1; r <= runs; r++)); do
  log="$work/compile-$r.log"
  "$java" --add-modules jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation \
    -XX:LogFile="$log" ${extra[@]+"${extra[@]}"} -cp "$jar" "${main[@]}" run "$work/$model.vmlp" "$warm" \
    2>/dev/null | grep -v 'WARNING: Using incubator modules' | tee "$work/run-$r.txt"
  ready="$(awk -F'\t' '/^breakdown-result/ { print $2 + $3 / 1000 }' "$work/run-$r.txt")"
  python3 "$(dirname "$self")/startup-compiles.py" "$log" "$ready" 12
  echo
done
