#!/usr/bin/env bash
# Start-up of a model server, vecmlp beside ONNX Runtime: time from reading the model file to the
# first prediction at steady-state speed, for the `mnist` model (784-256-128-10), one fresh JVM
# per run, the variants interleaved run by run (A B C ... A B C ...), medians printed as a
# markdown table.
#
#   benchmarks/startup.sh [--jdk DIR] [--runs N] [--model tiny|mnist|wide] [--no-build]
#
# Variants (StartupCheck, see its class comment for the definitions):
#   vecmlp warmUp()          the default warm-up (every path: single samples, then batches)
#   vecmlp warmUp(1, 5 s)    single-sample paths only
#   vecmlp none              no warm-up: the service's own first calls warm it
#   vecmlp warmUp(1) + flags the single-sample warm-up with $STARTUP_FLAGS (default below)
#   vecmlp warmUp(1) + CDS   JDK 17-24: an AppCDS archive from a training run (-XX:SharedArchiveFile)
#   vecmlp warmUp(1) + AOT   JDK 25+: the AOT cache from a training run (-XX:AOTCache; JEP 483/515,
#                            classes loaded and linked ahead of time plus method profiles)
#   onnxruntime              file read, session creation, then runs
# Columns: load (ModelFiles.load or reading the ONNX file), warm-up (or session creation), ready
# (start of the first 100 calls whose median is within 10% of the steady p50, load included),
# steady p50 (of calls 20,001-40,000). Expected run time on a quiet 2-core machine with the
# default 5 runs: about 2 minutes per JDK plus the build (about 1 minute).
# The JDK: --jdk, else JAVA_HOME, else the java on the PATH (17 or newer).
set -euo pipefail

self="$(readlink -f "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/.." && pwd)"
cd "$root"

jdk="${JAVA_HOME:-}"
runs=5
model="mnist"
build=1
flags="${STARTUP_FLAGS:--Xbatch}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jdk) jdk="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$self"; exit 0 ;;
    *) echo "startup.sh: expected --jdk DIR, --runs N, --model NAME or --no-build, found '$1'" >&2; exit 2 ;;
  esac
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "startup.sh: --runs: expected a positive integer, found '$runs'" >&2
  exit 2
fi
source "$(dirname "$self")/jdk.sh"
resolve_jdk startup.sh "$jdk"

jar="benchmarks/target/benchmarks.jar"
if [[ $build -eq 1 || ! -f "$jar" ]]; then
  echo "building $jar (JDK 17 bytecode, runs on any newer JDK)" >&2
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.tsv"
check=(dev.vecmlp.bench.startup.StartupCheck)
vector=(--add-modules jdk.incubator.vector -Djava.awt.headless=true)

# One archive per JDK from a training run of the single-sample start-up (not timed).
archive_label=""
archive_opts=()
if [[ "${feature%%.*}" -ge 25 ]]; then
  echo "training run for the AOT cache" >&2
  "$java" "${vector[@]}" -XX:AOTCacheOutput="$work/vecmlp.aot" -cp "$jar" "${check[@]}" simd "$model" single \
    >/dev/null 2>"$work/train.log" || { cat "$work/train.log" >&2; exit 1; }
  archive_label="vecmlp warmUp(1) + AOT cache"
  archive_opts=(-XX:AOTCache="$work/vecmlp.aot")
else
  echo "training run for the AppCDS archive" >&2
  "$java" "${vector[@]}" -XX:ArchiveClassesAtExit="$work/vecmlp.jsa" -cp "$jar" "${check[@]}" simd "$model" single \
    >/dev/null 2>"$work/train.log" || { cat "$work/train.log" >&2; exit 1; }
  archive_label="vecmlp warmUp(1) + AppCDS"
  archive_opts=(-XX:SharedArchiveFile="$work/vecmlp.jsa")
fi

one() { # label, then java options and StartupCheck arguments
  local label="$1"; shift
  local line
  line="$("$java" "$@" 2>/dev/null | grep '^startup-result' || true)"
  if [[ -z "$line" ]]; then
    echo "startup.sh: $label gave no result" >&2
    return
  fi
  printf '%s\t%s\n' "$label" "$(cut -f3- <<<"$line")" >>"$results"
}

read -r -a flag_opts <<<"$flags"
labels=("vecmlp warmUp()" "vecmlp warmUp(1)" "vecmlp none" "vecmlp warmUp(1) + $flags" "$archive_label" "onnxruntime")
for ((r = 1; r <= runs; r++)); do
  echo "round $r of $runs" >&2
  one "${labels[0]}" "${vector[@]}" -cp "$jar" "${check[@]}" simd "$model" default
  one "${labels[1]}" "${vector[@]}" -cp "$jar" "${check[@]}" simd "$model" single
  one "${labels[2]}" "${vector[@]}" -cp "$jar" "${check[@]}" simd "$model" none
  one "${labels[3]}" "${vector[@]}" "${flag_opts[@]}" -cp "$jar" "${check[@]}" simd "$model" single
  one "${labels[4]}" "${vector[@]}" "${archive_opts[@]}" -cp "$jar" "${check[@]}" simd "$model" single
  one "${labels[5]}" -cp "$jar" "${check[@]}" onnxruntime "$model"
done

median() { # column number; reads values on stdin
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
                   else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

load="$(cat /proc/loadavg 2>/dev/null | cut -d' ' -f1-3 || echo unknown)"
echo
echo "Start-up, \`$model\`, JDK $feature ($("$java" -version 2>&1 | head -1)), $(nproc) cores, load average $load;"
echo "median of $runs fresh JVMs per variant, interleaved; ready = load + warm-up + first calls until a"
echo "100-call median is within 10% of the steady p50."
echo
echo "| variant | load ms | warm-up ms | ready ms | steady p50 µs | runs never ready |"
echo "|---|---|---|---|---|---|"
for label in "${labels[@]}"; do
  rows="$(awk -F'\t' -v l="$label" '$1 == l' "$results")"
  if [[ -z "$rows" ]]; then
    echo "| $label | - | - | - | - | no result |"
    continue
  fi
  # fields: label, JDK, load, warm-up, ready (-1: never), p50
  never="$(awk -F'\t' '$5 < 0' <<<"$rows" | wc -l)"
  echo "| $label | $(cut -f3 <<<"$rows" | median) | $(cut -f4 <<<"$rows" | median) |" \
       "$(awk -F'\t' '$5 >= 0 { print $5 }' <<<"$rows" | median) | $(cut -f6 <<<"$rows" | median) | $never |"
done
