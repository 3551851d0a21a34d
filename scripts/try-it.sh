#!/usr/bin/env bash
# cri-exporter on a real node in one command: a private containerd running four demo pods, the
# exporter reading it and Prometheus scraping the exporter with the bundled alert rules, all on
# 127.0.0.1. Ctrl-C stops all of it and removes everything it started.
#
#   scripts/try-it.sh                  start (root, Linux); runs until Ctrl-C
#   scripts/try-it.sh --down           from another shell: stop it, or clean up after one that was killed
#   scripts/try-it.sh --no-install     do not install missing Debian packages, fail instead
#   scripts/try-it.sh --no-build       use the jars as they are, even if the sources are newer
#   scripts/try-it.sh --help           every option: ports, poll interval, state directory, ...
#
# Installs what it needs from Debian packages when missing (containerd, runc, busybox-static,
# prometheus; a JDK and Maven if needed to build), builds the exporter and test-support jars when
# they are missing or older than the sources, then runs dev.criexporter.testsupport.tryit.TryIt.
# Nothing system-wide is started or changed: containerd, Prometheus and the exporter are child
# processes with all their state under /tmp/cri-exporter-try-it (--state-dir).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'try-it: %s\n' "$*"; }
die() {
  printf 'try-it: %s\n' "$1" >&2
  shift
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 1
}

install=1
build=1
down=0
help=0
args=()
for a in "$@"; do
  case "$a" in
    --no-install) install=0 ;;
    --no-build) build=0 ;;
    --down) down=1; args+=("$a") ;;
    --help | -h) help=1 ;;
    *) args+=("$a") ;;
  esac
done

exporter_jar=exporter/target/cri-exporter.jar
classpath_file=test-support/target/try-it.classpath

support_jar() {
  find test-support/target -maxdepth 1 -name 'test-support-*.jar' \
    ! -name '*-sources.jar' ! -name '*-tests.jar' 2>/dev/null | head -n 1
}

# The command that runs TryIt: the test-support jar and its runtime dependencies, a small heap,
# and slf4j quiet (the harness logs nothing a user needs; TryIt reports every step itself).
tryit_command() {
  tryit=(java -XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1
    -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN
    -cp "$(support_jar):$(cat "$classpath_file")" dev.criexporter.testsupport.tryit.TryIt)
}

if [ "$help" = 1 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
  if [ -f "$classpath_file" ] && [ -n "$(support_jar)" ] && command -v java >/dev/null; then
    echo "Options of TryIt, passed through:"
    tryit_command
    "${tryit[@]}" --help | sed -n '/^  --/p'
  else
    echo "(TryIt's own options: --state-dir, --exporter-port, --prometheus-port, --poll-interval, ...;"
    echo " scripts/try-it.sh --help lists them once the jars are built)"
  fi
  exit 0
fi

if [ "$(uname -s)" != Linux ]; then
  die "try-it runs real containers and needs Linux (cgroups, namespaces, overlayfs); this is $(uname -s)." \
    "fix: use a Linux machine or VM, or try the exporter on a simulated node:" \
    "     mvn -B -q package -DskipTests && java -jar exporter/target/cri-exporter.jar --demo=true"
fi
if [ "$(id -u)" != 0 ]; then
  die "try-it needs root: containerd creates cgroups, mounts and namespaces for the demo containers." \
    "fix: sudo $0 $*"
fi

# ---- what is missing ------------------------------------------------------------------------

# Whether a jar, the dependency classpath or one of its entries is missing.
jars_missing() {
  [ -f "$exporter_jar" ] && [ -n "$(support_jar)" ] && [ -f "$classpath_file" ] || return 0
  local entry
  while IFS= read -r -d ':' entry; do
    [ -z "$entry" ] || [ -e "$entry" ] || return 0
  done < <(printf '%s:' "$(cat "$classpath_file")")
  return 1
}

# Whether a source or pom is newer than the last build.
sources_newer() {
  [ -n "$(find pom.xml cri-client cgroup-reader simulator test-support exporter \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$classpath_file" -print -quit 2>/dev/null)" ]
}

needs_build() {
  jars_missing && return 0
  [ "$build" = 1 ] && [ "$down" = 0 ] && sources_newer
}

java_major() {
  command -v java >/dev/null || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1
}

busybox_is_static() {
  [ -r /bin/busybox ] || return 1
  # ldd fails on a static binary ("not a dynamic executable")
  ! ldd /bin/busybox >/dev/null 2>&1
}

want=()
why=()
need() { want+=("$1"); why+=("$2"); }
if [ "$down" = 0 ]; then
  { [ -x /usr/bin/containerd ] && [ -x /usr/bin/ctr ] && command -v containerd-shim-runc-v2 >/dev/null; } \
    || need containerd "the container runtime the exporter reads (try-it runs a private instance of its own)"
  command -v runc >/dev/null || need runc "runs the demo containers for containerd"
  busybox_is_static || need busybox-static "the one program in the demo image, so no registry is needed"
  command -v prometheus >/dev/null || need prometheus "scrapes the exporter and evaluates the alert rules"
fi
major=$(java_major)
[ "${major:-0}" -ge 17 ] || need openjdk-17-jdk-headless "Java 17 runs the exporter and try-it, and builds them"
if needs_build && [ "$build" = 1 ] && ! command -v mvn >/dev/null; then
  need maven "builds the exporter and try-it"
fi

if [ "${#want[@]}" -gt 0 ]; then
  if [ "$install" = 0 ] || ! command -v apt-get >/dev/null || [ ! -f /etc/debian_version ]; then
    lines=()
    for i in "${!want[@]}"; do lines+=("$(printf '%-24s %s' "${want[$i]}" "${why[$i]}")"); done
    if [ "$install" = 0 ]; then
      fix="fix: apt-get install -y ${want[*]} (or run without --no-install)"
    else
      fix="fix: this is not a Debian-like system (no apt-get): install them with its package manager (names may differ), then run try-it again"
    fi
    die "missing:" "${lines[@]}" "$fix"
  fi
  say "installing from Debian packages:"
  for i in "${!want[@]}"; do printf '  %-24s %s\n' "${want[$i]}" "${why[$i]}"; done
  say "(Debian may start the packages' own services; try-it does not use them)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed" "fix: check the network and /etc/apt/sources.list, then try again"
  apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null \
    || die "apt-get install ${want[*]} failed (see above)" "fix: install them by hand, then try again"
fi

# ---- build and run --------------------------------------------------------------------------

if needs_build; then
  if [ "$build" = 0 ]; then
    die "the jars are missing and --no-build was given" "fix: mvn -B -q package -DskipTests, or run without --no-build"
  fi
  say "building the exporter and try-it (mvn -B -q package -DskipTests; a few minutes the first time)"
  started=$(date +%s)
  # (the sed drops the colour resets some Maven packagings print even in batch mode)
  mvn -B -q -pl exporter,test-support -am package -DskipTests \
    dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/try-it.classpath 2>&1 \
    | sed -u -e 's/\x1b\[0m//g' \
    || die "the build failed (see above)" "fix: mvn -B package -DskipTests shows the whole error"
  touch "$classpath_file" # the plugin leaves an unchanged file as it was; it marks when this build ran
  say "built in $(( $(date +%s) - started )) s"
fi

tryit_command
if [ "$down" = 1 ]; then
  exec "${tryit[@]}" "${args[@]}"
fi

# TryIt runs in a session of its own, so that Ctrl-C reaches only this script, which passes it
# on as one SIGTERM: TryIt then stops its children in order, instead of all of them getting the
# signal at once. The script returns once TryIt has finished cleaning up.
setsid "${tryit[@]}" ${args[@]+"${args[@]}"} &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM HUP
status=0
while true; do
  if wait "$pid"; then status=0; else status=$?; fi
  kill -0 "$pid" 2>/dev/null || break
done
# 143 = 128 + SIGTERM: stopped by Ctrl-C here or by --down elsewhere, after its own cleanup,
# which has said whether anything was left behind.
if [ "$status" = 143 ]; then
  exit 0
fi
exit "$status"
