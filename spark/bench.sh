#!/usr/bin/env bash
# vecmlp beside Spark's own MultilayerPerceptronClassifier on Fashion-MNIST, in one fresh JVM
# (dev.vecmlp.spark.SparkComparisonBench, test scope of the spark module).
#
#   spark/bench.sh [--rows N] [--quick] [--iterations N] [--epochs N] [--out FILE]
#
# Builds the modules it needs through the reactor (nothing is installed), writes the class path
# with dependency:build-classpath, then runs the harness with a 4 GB heap, one OpenBLAS thread
# per task (Spark's MLP uses native BLAS when it finds it; with its default threads two tasks on
# two cores ran 2.3x slower), Spark's --add-opens flags (read from spark/pom.xml) and the Vector
# API module for vecmlp's SIMD backend. Results: spark/target/bench-results.md (and stdout).
# JAVA_HOME picks the JDK (default: java on PATH). Needs /usr/share/datasets/fashion-mnist.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl spark -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

# Spark's JVM flags, as the pom gives them to the test JVMs (property spark.jvm.args).
SPARK_FLAGS=$(sed -n '/<spark.jvm.args>/,/<\/spark.jvm.args>/p' spark/pom.xml | sed -e 's/<[^>]*>//g' | tr -s ' \n' ' ')
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

export OPENBLAS_NUM_THREADS=1
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec "$JAVA" -Xmx4g -Xss4m --add-modules jdk.incubator.vector $SPARK_FLAGS \
    -cp "spark/target/test-classes:spark/target/classes:$(cat spark/target/bench.classpath)" \
    dev.vecmlp.spark.SparkComparisonBench "$@"
