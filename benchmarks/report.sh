#!/usr/bin/env bash
# The vecmlp benchmark report: builds the JMH jar, runs a profile on the JDK you point at and
# writes reports/<yyyyMMdd-HHmmss>-jdk<version>/ (summary.md, PNG charts, raw JMH JSON).
#
#   benchmarks/report.sh [quick|full] [--jdk JDK_HOME] [--out DIR] [--no-build] [--no-torch]
#                        [--forks N] [--iteration-ms N] [--only REGEX]   # overrides for a fast look
#   benchmarks/report.sh compare REPORT_A REPORT_B    # ratio of two reports, row by row
#   benchmarks/report.sh summarize REPORT_DIR         # rewrite summary.md and charts from the JSON
#   benchmarks/report.sh plan [quick|full]            # list the planned runs and the expected time
#
# quick: about 7 minutes of measurement on 2 cores (plus the build); full: about 80 minutes.
# The JDK: --jdk, else JAVA_HOME, else the java on the PATH (17 or newer). Measure on a quiet
# machine: the report records the load average, and two runs of JMH at once refuse to start.
# PyTorch side by side runs where `import torch` works (PYTHON=... picks the interpreter).
set -euo pipefail

self="$(readlink -f "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/.." && pwd)"
cd "$root"

command="quick"
case "${1:-}" in
  quick|full|smoke|compare|summarize|plan) command="$1"; shift ;;
esac

jdk="${JAVA_HOME:-}"
out="reports"
build=1
extra=()
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jdk) jdk="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --forks) extra+=(--forks "$2"); shift 2 ;;
    --iteration-ms) extra+=(--iteration-ms "$2"); shift 2 ;;
    --only) extra+=(--only "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    --no-torch) extra+=(--no-torch); shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$self"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

source "$(dirname "$self")/jdk.sh"
resolve_jdk report.sh "$jdk"

jar="benchmarks/target/benchmarks.jar"
# plan, compare and summarize reuse a built jar; measuring always rebuilds unless --no-build.
if [[ "$command" == "plan" || "$command" == "compare" || "$command" == "summarize" ]] && [[ -f "$jar" ]]; then
  build=0
fi
if [[ $build -eq 1 || ! -f "$jar" ]]; then
  if ! command -v mvn >/dev/null; then
    echo "report.sh: expected Maven (mvn) on the PATH to build $jar, found none" >&2
    exit 2
  fi
  echo "building $jar with JDK $feature ($jdk)"
  JAVA_HOME="$jdk" mvn -B -q -pl benchmarks -am package -DskipTests
fi

run_java() {
  "$java" --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp "$jar" \
    dev.vecmlp.bench.report.ReportMain "$@"
}

case "$command" in
  compare)
    [[ ${#args[@]} -eq 2 ]] || { echo "usage: benchmarks/report.sh compare REPORT_A REPORT_B" >&2; exit 2; }
    run_java compare "${args[0]}" "${args[1]}" ;;
  summarize)
    [[ ${#args[@]} -eq 1 ]] || { echo "usage: benchmarks/report.sh summarize REPORT_DIR" >&2; exit 2; }
    run_java summarize "${args[0]}" ;;
  plan)
    run_java plan --profile "${args[0]:-quick}" ;;
  *)
    python="${PYTHON:-}"
    if [[ -z "$python" ]]; then
      python="python3"
      # A distribution's python3-torch lives beside the system interpreter, which may not be first on the PATH.
      if ! python3 -c 'import torch' >/dev/null 2>&1 && [[ -x /usr/bin/python3 ]] \
          && /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
        python="/usr/bin/python3"
      fi
    fi
    run_java run --profile "$command" --out "$out" --python "$python" \
      --torch-script benchmarks/pytorch/bench_torch.py ${extra[@]+"${extra[@]}"} ;;
esac
