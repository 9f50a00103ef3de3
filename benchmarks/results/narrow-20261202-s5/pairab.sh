#!/usr/bin/env bash
# Interleaved A/B of the bf16 single-sample path: old short tiles (d3ad5ce) vs paired tiles, JMH.
out=/work/bench/s5/pairab; mkdir -p $out
for jh in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
  v=$($jh/bin/java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')
  for round in 3; do
    for variant in new-paired old-d3ad5ce; do
      for m in mnist wide; do
        $jh/bin/java --add-modules jdk.incubator.vector -jar /work/bench/s5/$variant.jar 'PredictBenchmark.latency' -p backend=simd -p model=$m -p precision=bf16 -p threads=1 -f 1 -wi 3 -w 1s -i 4 -r 1s -rf json -rff $out/$m-$variant-$v-r$round.json > $out/$m-$variant-$v-r$round.log 2>&1
        echo "$v r$round $variant $m $(grep -E '^PredictBenchmark.latency:p0.50' $out/$m-$variant-$v-r$round.log | awk '{print $(NF-1)}')"
      done
    done
  done
done
