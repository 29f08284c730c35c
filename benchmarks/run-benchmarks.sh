#!/usr/bin/env bash
# Runs the benchmarks behind docs/performance.md and writes one text file per run into
# docs/perf-results/ (or $OUT), each with the machine's load average before and after.
#   benchmarks/run-benchmarks.sh quick   # every benchmark at 10,000 users, short iterations (~5 min)
#   benchmarks/run-benchmarks.sh full    # 10k / 100k / 1M as in the doc (~40 min)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-quick}
OUT=${OUT:-docs/perf-results}
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$OUT"
if [ ! -f "$JAR" ] || [ "${REBUILD:-1}" = 1 ]; then
  mvn -B -q -pl benchmarks -am package -Pbenchmarks -DskipTests
fi
run() {
  local name=$1; shift
  { echo "# $(date -u +%FT%TZ) $*"; echo "# before: $(uptime)"; } > "$OUT/$name.txt"
  java -jar "$JAR" "$@" 2>&1 | grep -vE 'WARN org.pbxsync.ldap.LdapDirectorySource' >> "$OUT/$name.txt"
  echo "# after: $(uptime)" >> "$OUT/$name.txt"
  sed -n '/^Benchmark /,$p' "$OUT/$name.txt"
}
scale() {
  local name=$1 heap=$2 users=$3
  { echo "# $(date -u +%FT%TZ) ScaleRun $users users, $heap"; echo "# before: $(uptime)"; } > "$OUT/$name.txt"
  java "$heap" -Dscale.histogram=true -cp "$JAR" org.pbxsync.bench.ScaleRun "$users" >> "$OUT/$name.txt" 2>&1 || echo "exit $?" >> "$OUT/$name.txt"
  echo "# after: $(uptime)" >> "$OUT/$name.txt"
  grep -vE '^ +[0-9]+:' "$OUT/$name.txt"
}
if [ "$MODE" = quick ]; then
  run quick -p users=10000 -wi 1 -i 2 -w 1 -r 1 -f 1 -prof gc 'PlanningBenchmark|LdapReadBenchmark|GraphReadBenchmark|EndToEndBenchmark'
  exit 0
fi
run planning -wi 1 -i 3 -f 1 -prof gc -p users=10000,100000,1000000 \
  'PlanningBenchmark.(firstRun|noChangeRun|onePercentChangedRun|hashJoinBaseline)$'
run ldap -wi 2 -i 3 -f 1 -p users=10000,100000 LdapReadBenchmark
run e2e -wi 1 -i 3 -f 1 -p users=10000,100000 EndToEndBenchmark
run graph -wi 1 -i 3 -f 1 -p users=10000 GraphReadBenchmark
scale scale-1m-2g -Xmx2g 1000000
scale scale-1m-4g -Xmx4g 1000000
scale scale-500k-2g -Xmx2g 500000
