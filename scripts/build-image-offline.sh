#!/usr/bin/env bash
# Builds the container image without any registry: the Dockerfile's "prebuilt" target on
# RUNTIME_IMAGE=scratch, from files laid out on this machine by scripts/image-rootfs.sh
# --system-libs (the built jar, a runtime jlinked from the local JDK, the local glibc). Writes the
# image to an archive that `ctr images import`, `podman load` or `docker load` (docker format)
# read.
#
# Needs root and buildah (apt-get install -y buildah); the jar must be built first:
#   mvn -B -q -pl exporter -am package -DskipTests
#
# Usage: scripts/build-image-offline.sh --output ARCHIVE [--format oci|docker] [--tag REF]
#          [--jar JAR] [--version VERSION] [--storage DIR] [--java-home DIR] [--keep]
#   --format   oci (oci-archive, the default) or docker (docker-archive)
#   --tag      image reference inside the archive (default localhost/cri-exporter:dev)
#   --storage  buildah storage directory of its own (default: buildah's system storage)
#   --keep     leave the image in buildah's storage (default: removed once archived)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="" format=oci tag="localhost/cri-exporter:dev" jar="$repo/exporter/target/cri-exporter.jar"
version="" storage="" java_home="" keep=false

usage() {
  sed -n '/^# Usage:/,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "build-image-offline: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="${2:?}"; shift 2 ;;
    --format) format="${2:?}"; shift 2 ;;
    --tag) tag="${2:?}"; shift 2 ;;
    --jar) jar="${2:?}"; shift 2 ;;
    --version) version="${2:?}"; shift 2 ;;
    --storage) storage="${2:?}"; shift 2 ;;
    --java-home) java_home="${2:?}"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage ;;
    *) echo "build-image-offline: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$output" ] || usage
case "$format" in
  oci) transport=oci-archive ;;
  docker) transport=docker-archive ;;
  *) die "--format must be oci or docker, not $format" ;;
esac
command -v buildah >/dev/null || die "buildah is not installed (apt-get install -y buildah)"
[ "$(id -u)" = 0 ] || die "needs root (buildah's chroot isolation and vfs storage)"
[ -f "$jar" ] || die "no jar at $jar; build it first: mvn -B -q -pl exporter -am package -DskipTests"

buildah_cmd=(buildah --storage-driver vfs)
if [ -n "$storage" ]; then
  mkdir -p "$storage"
  storage="$(cd "$storage" && pwd)"
  buildah_cmd+=(--root "$storage/root" --runroot "$storage/runroot")
fi

context="$(mktemp -d "${TMPDIR:-/tmp}/cri-exporter-image.XXXXXX")"
trap 'rm -rf "$context"' EXIT
rootfs_args=(--jar "$jar" --out "$context/rootfs" --system-libs)
[ -z "$java_home" ] || rootfs_args+=(--java-home "$java_home")
bash "$repo/scripts/image-rootfs.sh" "${rootfs_args[@]}"

revision="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
build_args=(--target prebuilt --build-arg RUNTIME_IMAGE=scratch --build-arg "REVISION=$revision")
[ -z "$version" ] || build_args+=(--build-arg "VERSION=$version")

started=$(date +%s)
"${buildah_cmd[@]}" bud --quiet --isolation chroot --format "$format" \
  "${build_args[@]}" \
  --label "org.opencontainers.image.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -f "$repo/Dockerfile" -t "$tag" "$context" >/dev/null

mkdir -p "$(dirname "$output")"
rm -f "$output"
"${buildah_cmd[@]}" push --quiet "$tag" "$transport:$output:$tag"
if ! $keep; then
  "${buildah_cmd[@]}" rmi "$tag" >/dev/null
fi
echo "build-image-offline: $tag -> $output ($format, $(du -h "$output" | cut -f1), $(( $(date +%s) - started )) s in buildah)" >&2
