# Sourced by the benchmark scripts: resolves the JDK to measure on.
#   resolve_jdk SCRIPT_NAME JDK_DIR_OR_EMPTY
# Sets jdk, java (its launcher) and feature (its specification version, 17 or newer); with an
# empty JDK_DIR it takes the java on the PATH. Exits 2 with a message naming SCRIPT_NAME when
# there is no usable JDK 17+.
resolve_jdk() {
  local name="$1"
  jdk="$2"
  if [[ -z "$jdk" ]]; then
    local java_on_path
    java_on_path="$(command -v java || true)"
    if [[ -z "$java_on_path" ]]; then
      echo "$name: expected a JDK (--jdk DIR, JAVA_HOME or java on the PATH), found none" >&2
      exit 2
    fi
    jdk="$(dirname "$(dirname "$(readlink -f "$java_on_path")")")"
  fi
  java="$jdk/bin/java"
  if [[ ! -x "$java" ]]; then
    echo "$name: expected $java to be an executable JDK, found none" >&2
    exit 2
  fi
  feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [[ -z "$feature" || "${feature%%.*}" -lt 17 ]]; then
    echo "$name: expected JDK 17 or newer at $jdk, found version '${feature:-unknown}'" >&2
    exit 2
  fi
}
