#!/usr/bin/env bash
# Fetches Kyverno's own CustomResourceDefinitions (ClusterPolicy, and the wgpolicyk8s.io PolicyReport /
# ClusterPolicyReport it ships) from the Kyverno Go module, so the admission suite can install them into
# the real kube-apiserver and server-side apply the generated ClusterPolicy against Kyverno's schema.
# Nothing is built or run from the module. Idempotent: the CRDs are cached by version.
set -euo pipefail

KYVERNO_VERSION="${KYVERNO_VERSION:-v1.19.1}"
tools="${SECRET_SURFACE_TOOLS:-$HOME/.cache/secret-surface}"
out="$tools/kyverno-crds-$KYVERNO_VERSION"

if [ -s "$out/kyverno.io_clusterpolicies.yaml" ] && [ -s "$out/wgpolicyk8s.io_policyreports.yaml" ]; then
  echo "kyverno CRDs: $out (cached)"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "setup-kyverno: Go is required to download the Kyverno module" >&2; exit 1; }

json="$(cd "$(mktemp -d)" && go mod download -json "github.com/kyverno/kyverno@$KYVERNO_VERSION")"
dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' <<<"$json")"
[ -d "$dir/config/crds" ] || { echo "setup-kyverno: no config/crds in github.com/kyverno/kyverno@$KYVERNO_VERSION" >&2; exit 1; }

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$dir/config/crds/kyverno/kyverno.io_clusterpolicies.yaml" "$tmp/"
cp "$dir/config/crds/policyreport/wgpolicyk8s.io_policyreports.yaml" "$tmp/"
cp "$dir/config/crds/policyreport/wgpolicyk8s.io_clusterpolicyreports.yaml" "$tmp/"
chmod -R u+w "$tmp"
rm -rf "$out"
mv "$tmp" "$out"
echo "kyverno CRDs: $out"
