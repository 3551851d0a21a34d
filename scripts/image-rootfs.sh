#!/usr/bin/env bash
# Lays out the container image's files under OUT, ready to be copied onto a base image:
#
#   OUT/opt/cri-exporter/cri-exporter.jar   the shaded jar
#   OUT/opt/cri-exporter/jre/               a runtime linked with jlink (JRE_MODULES below)
#   OUT/opt/cri-exporter/lib/               the jar's native libraries for this architecture
#                                           (JNA's dispatch library, Netty's epoll transport),
#                                           unpacked here so that nothing unpacks them into a
#                                           temporary directory at run time: the image runs
#                                           with a read-only root filesystem and nothing
#                                           writable.
#
# With --system-libs, also the shared libraries all of that loads (the dynamic loader, glibc,
# libstdc++, libgcc_s, zlib: found with ldd) and minimal /etc/passwd, /etc/group and
# /etc/nsswitch.conf and an empty /tmp, so the result runs on an empty ("scratch") base.
#
# The Dockerfile's build stage runs this inside the build image; scripts/build-image-offline.sh
# runs it on this machine with --system-libs.
#
# Usage: scripts/image-rootfs.sh --jar JAR --out DIR [--java-home DIR] [--system-libs]
#        scripts/image-rootfs.sh --print-modules   (the runtime's modules, for tests)
set -euo pipefail

# Modules of the runtime: java.xml for Logback's configuration, jdk.management for the JVM's CPU
# and GC pause metrics, jdk.unsupported for gRPC/Netty and JNA, java.naming for Logback.
JRE_MODULES="java.base,java.logging,java.management,java.naming,java.xml,jdk.management,jdk.unsupported"
APP_DIR="opt/cri-exporter"

usage() { echo "usage: $0 --jar JAR --out DIR [--java-home DIR] [--system-libs]" >&2; exit 2; }
die() { echo "image-rootfs: $*" >&2; exit 1; }

jar="" out="" java_home="${JAVA_HOME:-}" system_libs=false
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --java-home) java_home="${2:?}"; shift 2 ;;
    --system-libs) system_libs=true; shift ;;
    --print-modules) echo "$JRE_MODULES"; exit 0 ;;
    *) usage ;;
  esac
done
[ -n "$jar" ] && [ -n "$out" ] || usage
[ -f "$jar" ] || die "no jar at $jar (build it: mvn -B -q -pl exporter -am package -DskipTests)"
jar="$(readlink -f "$jar")"
if [ -z "$java_home" ]; then
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v jlink || command -v javac || echo /nonexistent)")")")"
fi
[ -x "$java_home/bin/jlink" ] || die "no jlink in $java_home/bin (set --java-home or JAVA_HOME to a JDK 17)"
[ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || die "$out exists and is not empty"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

case "$(uname -m)" in
  x86_64) netty_arch=x86_64 jna_dir=linux-x86-64 ;;
  aarch64) netty_arch=aarch_64 jna_dir=linux-aarch64 ;;
  *) die "unsupported architecture $(uname -m) (x86_64 and aarch64 are)" ;;
esac
natives=(
  "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_${netty_arch}.so"
  "com/sun/jna/${jna_dir}/libjnidispatch.so"
)

app="$out/$APP_DIR"
mkdir -p "$app/lib"

# --strip-java-debug-attributes rather than --strip-debug: the latter also strips native symbols
# with objcopy, which build images often lack (the JDKs' native libraries come stripped anyway).
"$java_home/bin/jlink" \
  --add-modules "$JRE_MODULES" \
  --strip-java-debug-attributes --no-man-pages --no-header-files --compress=2 \
  --output "$app/jre"

install -m 0644 "$jar" "$app/cri-exporter.jar"

unpack="$(mktemp -d)"
trap 'rm -rf "$unpack"' EXIT
(cd "$unpack" && "$java_home/bin/jar" xf "$jar" "${natives[@]}")
for entry in "${natives[@]}"; do
  [ -f "$unpack/$entry" ] || die "$jar has no $entry"
  install -m 0755 "$unpack/$entry" "$app/lib/$(basename "$entry")"
done

if $system_libs; then
  # Every ELF file of the runtime and the natives, then the libraries they need, as ldd finds
  # them here; each is copied to the same path (the loader searches its built-in directories).
  mapfile -t elves < <(find "$app/jre" "$app/lib" -type f \
    -exec sh -c 'for f; do [ "$(head -c 4 "$f" | tail -c 3)" = ELF ] && echo "$f"; done' _ {} +)
  [ "${#elves[@]}" -gt 0 ] || die "no ELF files under $app"
  needed="$(for f in "${elves[@]}"; do
      LD_LIBRARY_PATH="$app/jre/lib:$app/jre/lib/server" ldd "$f" 2>&1 || true
    done)"
  if grep -q "not found" <<<"$needed"; then
    die "libraries missing on this machine: $(grep "not found" <<<"$needed" | sort -u | tr -s ' \t\n' ' ')"
  fi
  libs="$(awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' <<<"$needed" | grep -v "^$out/" | sort -u)"
  [ -n "$libs" ] || die "ldd found no shared libraries"
  for lib in $libs; do
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
    chmod 0755 "$out$lib"
  done
  mkdir -p "$out/etc"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
    > "$out/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"
  chmod 0644 "$out/etc/passwd" "$out/etc/group" "$out/etc/nsswitch.conf"
fi

# Readable by any user the image may run as; nothing writable.
chmod -R a+rX,go-w "$out"
if $system_libs; then
  # An empty /tmp as base images have (Netty warns without one). Nothing here writes to it: the
  # native libraries load from lib/, and a read-only root filesystem keeps it unwritable anyway.
  mkdir -p "$out/tmp"
  chmod 1777 "$out/tmp"
fi
echo "image-rootfs: $(du -sh "$out" | cut -f1) in $out (runtime $(du -sh "$app/jre" | cut -f1))" >&2
