#!/usr/bin/env bash
# Fetches the openreports.io Report / ClusterReport CustomResourceDefinitions from the openreports Go module,
# so the report suite can install them into the real kube-apiserver and apply what `--format openreports`
# writes with strict validation. Nothing is built. Idempotent: the CRDs are cached by version.
set -euo pipefail

OPENREPORTS_VERSION="${OPENREPORTS_VERSION:-v0.2.1}"
tools="${SECRET_SURFACE_TOOLS:-$HOME/.cache/secret-surface}"
out="$tools/openreports-crds-$OPENREPORTS_VERSION"

if [ -s "$out/openreports.io_reports.yaml" ] && [ -s "$out/openreports.io_clusterreports.yaml" ]; then
  echo "openreports CRDs: $out (cached)"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "setup-openreports: Go is required to download the openreports module" >&2; exit 1; }

json="$(cd "$(mktemp -d)" && go mod download -json "github.com/openreports/reports-api@$OPENREPORTS_VERSION")"
dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' <<<"$json")"
[ -f "$dir/config/crd/openreports.io_reports.yaml" ] || { echo "setup-openreports: no CRDs in github.com/openreports/reports-api@$OPENREPORTS_VERSION" >&2; exit 1; }

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$dir/config/crd/openreports.io_reports.yaml" "$dir/config/crd/openreports.io_clusterreports.yaml" "$tmp/"
chmod -R u+w "$tmp"
rm -rf "$out"
mv "$tmp" "$out"
echo "openreports CRDs: $out"
