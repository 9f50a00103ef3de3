#!/usr/bin/env bash
# Forward and backward speed of every elementwise activation on the reference and simd backends
# (one kernel thread, 32768 floats per call: the operands stay in L2), with JMH's gc profiler:
# gc.alloc.rate.norm is the bytes one call allocates, which must be ~0 for the SIMD loops in
# steady state. 28 forks of 2 x 2 s warm-up + 2 x 1 s measurement: about 3.5 minutes.
# Usage: benchmarks/activations.sh OUT_DIR   (JAVA_HOME picks the JDK; build the jar first with
# mvn -B -q -pl benchmarks -am package -DskipTests)
set -euo pipefail
out="${1:?usage: benchmarks/activations.sh OUT_DIR}"
mkdir -p "$out"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$(dirname "$0")/target/benchmarks.jar"
all=RELU,RELU_BACKWARD,SIGMOID,SIGMOID_BACKWARD,LEAKY_RELU,LEAKY_RELU_BACKWARD,GELU,GELU_BACKWARD
all=$all,SILU,SILU_BACKWARD,ELU,ELU_BACKWARD,SOFTPLUS,SOFTPLUS_BACKWARD
kernels="${KERNELS:-$all}"        # KERNELS=GELU,GELU_BACKWARD for a shorter run
backends="${BACKENDS:-reference,simd}"
"$java" -version 2>&1 | head -1 | tee "$out/jdk.txt"
"$java" --add-modules jdk.incubator.vector -jar "$jar" ElementwiseBenchmark \
  -p backend="$backends" -p kernel="$kernels" -p len=32768 -p threads=1 \
  -f 1 -wi 2 -w 2s -i 2 -r 1s -prof gc -rf json -rff "$out/activations.json" 2>&1 \
  | tee "$out/activations.log" | grep -E "^Benchmark|ElementwiseBenchmark\.call( |:gc\.alloc\.rate\.norm)" || true
