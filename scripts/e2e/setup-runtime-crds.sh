#!/usr/bin/env bash
# Fetches the CustomResourceDefinitions of the runtime engines the generated policies target, from their own Go
# modules on the module proxy: Tetragon's TracingPolicyNamespaced (the chart's crds-yaml in github.com/cilium/tetragon)
# and KubeArmor's KubeArmorPolicy (config/crd in github.com/kubearmor/KubeArmor/pkg/KubeArmorController). The
# runtime-policy suite installs them into the real kube-apiserver and server-side applies the generated policies
# against their schemas. Nothing is built or run from the modules. Idempotent: cached by version.
set -euo pipefail

TETRAGON_VERSION="${TETRAGON_VERSION:-v1.6.1}"
# KubeArmor publishes the controller module by commit only; this is the commit the KubeArmor daemon's go.mod pins.
KUBEARMOR_CONTROLLER_VERSION="${KUBEARMOR_CONTROLLER_VERSION:-v0.0.0-20250701060635-600e11526ec1}"
tools="${SECRET_SURFACE_TOOLS:-$HOME/.cache/secret-surface}"
out="$tools/runtime-crds-tetragon-$TETRAGON_VERSION-kubearmor-${KUBEARMOR_CONTROLLER_VERSION##*-}"

if [ -s "$out/cilium.io_tracingpoliciesnamespaced.yaml" ] && [ -s "$out/security.kubearmor.com_kubearmorpolicies.yaml" ]; then
  echo "runtime CRDs: $out (cached)"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "setup-runtime-crds: Go is required to download the engines' modules" >&2; exit 1; }

module_dir() {
  local json dir
  json="$(cd "$(mktemp -d)" && go mod download -json "$1")"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' <<<"$json")"
  [ -d "$dir" ] || { echo "setup-runtime-crds: could not download $1: $(sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' <<<"$json")" >&2; exit 1; }
  echo "$dir"
}

tetragon="$(module_dir "github.com/cilium/tetragon@$TETRAGON_VERSION")"
kubearmor="$(module_dir "github.com/kubearmor/KubeArmor/pkg/KubeArmorController@$KUBEARMOR_CONTROLLER_VERSION")"

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$tetragon/install/kubernetes/tetragon/crds-yaml/cilium.io_tracingpoliciesnamespaced.yaml" "$tmp/"
cp "$kubearmor/config/crd/bases/security.kubearmor.com_kubearmorpolicies.yaml" "$tmp/"
printf 'tetragon %s\nkubearmor-controller %s\n' "$TETRAGON_VERSION" "$KUBEARMOR_CONTROLLER_VERSION" >"$tmp/VERSIONS"
chmod -R u+w "$tmp"
rm -rf "$out"
mv "$tmp" "$out"
echo "runtime CRDs: $out"
