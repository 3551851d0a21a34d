#!/usr/bin/env bash
# The performance bench in one command (see docs/performance.md).
#
#   scripts/bench.sh                 node bench: N = 100, 500, 1000, 5000 simulated containers,
#                                    then a real containerd side by side (~15-20 min, 2 cores)
#   scripts/bench.sh --sizes=1000    node bench options are passed through (NodeBench --help)
#   scripts/bench.sh jmh [ARGS]      JMH microbenchmarks with -prof gc (~6 min); ARGS go to JMH
#
# Builds the exporter's shaded jar and benchmarks/target/benchmarks.jar first when they are
# missing or older than the sources. As root it installs what it measures with (wrk, nginx-light,
# gcc; containerd, runc and busybox-static for the side by side) unless --no-install is given.
# Results: benchmarks/results/<date>.json and benchmarks/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-install" ]; then install=0; else args+=("$a"); fi
done
set -- "${args[@]+"${args[@]}"}"

mode=node
if [ "${1:-}" = "jmh" ]; then
  mode=jmh
  shift
fi

if [ "$install" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  want=()
  command -v gcc >/dev/null || want+=(gcc libc6-dev)
  if [ "$mode" = node ]; then
    command -v wrk >/dev/null || want+=(wrk)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || want+=(nginx-light)
    command -v containerd >/dev/null || want+=(containerd)
    command -v runc >/dev/null || want+=(runc)
    [ -e /bin/busybox ] || want+=(busybox-static)
  fi
  if [ "${#want[@]}" -gt 0 ]; then
    echo "bench: installing ${want[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  fi
fi

exporter_jar=exporter/target/cri-exporter.jar
bench_jar=benchmarks/target/benchmarks.jar
stale() {
  [ ! -f "$exporter_jar" ] || [ ! -f "$bench_jar" ] && return 0
  [ -n "$(find cri-client cgroup-reader simulator test-support exporter benchmarks \
      -path '*/src/*' -newer "$bench_jar" -print -quit 2>/dev/null)" ] && return 0
  [ -n "$(find cri-client cgroup-reader simulator test-support exporter \
      -path '*/src/main/*' -newer "$exporter_jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  echo "bench: building the exporter and the benchmarks"
  if ! mvn -B -q -pl benchmarks -am package -DskipTests; then
    if [ -f "$exporter_jar" ] && [ -f "$bench_jar" ]; then
      echo "bench: the build failed; measuring the jars already built" >&2
    else
      exit 1
    fi
  fi
fi

# Run from copies, so that a rebuild during the run cannot change what is measured.
jars=$(mktemp -d /tmp/cri-exporter-bench-jars.XXXXXX)
trap 'rm -rf "$jars"' EXIT
cp "$exporter_jar" "$bench_jar" "$jars/"
exporter_jar="$jars/cri-exporter.jar"
bench_jar="$jars/benchmarks.jar"

java_opts=(-Xms512m -Xmx3g)
if [ "$mode" = jmh ]; then
  mkdir -p benchmarks/results
  out="benchmarks/results/jmh-$(date -u +%F).json"
  if [ "$#" -eq 0 ]; then
    set -- -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
  fi
  java "${java_opts[@]}" -jar "$bench_jar" -rf json -rff "$out" "$@"
  cp "$out" benchmarks/results/jmh-latest.json
  echo "bench: JMH results in $out"
else
  java "${java_opts[@]}" -cp "$bench_jar" dev.criexporter.bench.node.NodeBench \
    --exporter-jar="$exporter_jar" --out=benchmarks/results "$@"
fi
