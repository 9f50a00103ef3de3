#!/usr/bin/env bash
# The rows the issue targets name that the quick profile leaves out, measured with the same jar:
# the wide 2048x2048 GEMMs at batch 128 on one and on all kernel threads, the mnist GEMMs at
# batch 32, single-sample latency of tiny and mnist, and single-sample predict throughput from
# one and from two caller threads sharing one predictor.
# Usage: benchmarks/targeted.sh OUT_DIR   (JAVA_HOME picks the JDK; build the jar first, e.g.
# with benchmarks/report.sh quick, or mvn -B -q -pl benchmarks -am package -DskipTests)
set -euo pipefail
out="${1:?usage: benchmarks/targeted.sh OUT_DIR}"
mkdir -p "$out"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$(dirname "$0")/target/benchmarks.jar"
jmh() {
  local name="$1"; shift
  "$java" --add-modules jdk.incubator.vector -jar "$jar" "$@" -f 1 -wi 4 -w 1s -i 5 -r 1s \
    -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.log" | grep -E "^Benchmark|^[A-Z][A-Za-z]+Benchmark\.|p0\.(50|99)" || true
}
"$java" -version 2>&1 | head -1 | tee "$out/jdk.txt"
jmh gemm-wide GemmBenchmark -p backend=simd -p model=wide -p layer=1 -p batch=128 -p threads=1,all
jmh gemm-mnist-32 GemmBenchmark -p backend=simd -p model=mnist -p layer=0,1 -p batch=32 -p threads=1
jmh latency 'PredictBenchmark.latency' -p backend=simd,ejml -p model=tiny,mnist
jmh predict-1-caller 'PredictBenchmark.latency' -bm thrpt -tu s -p backend=simd -p model=tiny,mnist -t 1
jmh predict-2-callers 'PredictBenchmark.latency' -bm thrpt -tu s -p backend=simd -p model=tiny,mnist -t 2
