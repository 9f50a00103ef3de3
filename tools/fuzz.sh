#!/usr/bin/env bash
# Fuzzes one parser with Jazzer for the campaign length (FuzzProperty.CAMPAIGN, 10 minutes):
#   tools/fuzz.sh TARGET        e.g. tools/fuzz.sh model
# Targets: model checkpoint safetensors json idx-raw idx-gzip csv config
# Inputs that fail the property are written to the target's committed corpus directory
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-*): keep them, they become
# regression inputs of `mvn verify`. The growing working corpus stays in <module>/.cifuzz-corpus/
# (not committed). It keeps going after a finding, up to FUZZ_KEEP_GOING (20) distinct ones.
# Extra Maven arguments after TARGET are passed on (e.g. -Pno-simd).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: tools/fuzz.sh TARGET [maven args] (model checkpoint safetensors json idx-raw idx-gzip csv config)}"
shift
case "$target" in
  model)       module=core test='FileFormatsFuzzTest#modelFile' ;;
  checkpoint)  module=core test='FileFormatsFuzzTest#checkpoint' ;;
  safetensors) module=core test='FileFormatsFuzzTest#safeTensors' ;;
  json)        module=core test='FileFormatsFuzzTest#json' ;;
  idx-raw)     module=core test='DataReadersFuzzTest#idxRaw' ;;
  idx-gzip)    module=core test='DataReadersFuzzTest#idxGzip' ;;
  csv)         module=core test='DataReadersFuzzTest#csv' ;;
  config)      module=cli  test='ConfigFileFuzzTest#configFile' ;;
  *) echo "unknown target '$target'" >&2; exit 2 ;;
esac
# A limited heap, so a reader that over-allocates fails fast instead of swapping.
JAZZER_FUZZ=1 exec mvn -B -q -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.keep_going=${FUZZ_KEEP_GOING:-20} \
  -Dtest.jvm.args="-Xss4m -Xmx1g -Djava.awt.headless=true ${FUZZ_JVM_ARGS:-}" "$@"
