#!/usr/bin/env bash
# Single-sample mnist and wide: fp32, bf16, int8 vecmlp and ONNX Runtime, JMH, both JDKs.
cd /work/main
out=/work/bench/s5
for jh in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
  v=$($jh/bin/java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')
  j="$jh/bin/java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar"
  $j FmaPeakBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff $out/fma-$v.json > $out/fma-$v.log 2>&1
  for m in mnist wide; do
    $j 'PredictBenchmark.latency' -p backend=simd -p model=$m -p precision=fp32,bf16,int8 -p threads=1 -f 1 -wi 4 -w 1s -i 5 -r 1s -rf json -rff $out/lat-$m-simd-$v.json > $out/lat-$m-simd-$v.log 2>&1
    $j 'PredictBenchmark.latency' -p backend=onnxruntime -p model=$m -p threads=1 -f 1 -wi 4 -w 1s -i 5 -r 1s -rf json -rff $out/lat-$m-ort-$v.json > $out/lat-$m-ort-$v.log 2>&1
  done
done
echo done
