#!/usr/bin/env bash
# Installs the real renderers the chart and overlay suites run: helm and kustomize, both built from the Go module
# proxy (cached like kube-apiserver, so a second run is instant). Idempotent; prints the binaries' paths.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v4.3.2}"
# kustomize v5.8.2 (api v0.21.2) is the newest whose go.mod this machine's Go accepts; v5.8.3 wants Go 1.27.
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.8.2}"
tools="${SECRET_SURFACE_TOOLS:-$HOME/.cache/secret-surface}"
helm_bin="$tools/helm-$HELM_VERSION"
kustomize_bin="$tools/kustomize-$KUSTOMIZE_VERSION"
mkdir -p "$tools"

build() { # build <binary> <module>@<version> <package> [extra ldflags]
  local out="$1" modver="$2" pkg="$3" extra="${4:-}" work start
  if [ -x "$out" ]; then
    echo "$(basename "${out%-*}"): $out (cached)"
    return 0
  fi
  command -v go >/dev/null 2>&1 || { echo "setup-render: Go is required to build $pkg" >&2; return 1; }
  work="$(mktemp -d)"
  start=$(date +%s)
  # `go install pkg@version` builds the released module graph exactly as its go.mod pins it (outside any
  # module, so no replace can change it); -trimpath and stripped symbols keep link time small.
  (
    cd "$work"
    GOBIN="$work/bin" GOFLAGS=-buildvcs=false go install -trimpath -ldflags="-s -w $extra" "$pkg@${modver#*@}" 2>build.log \
      || { tail -40 build.log >&2; exit 1; }
    mv "$work"/bin/* "$out.tmp"
  ) || { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; return 1; }
  mv "$out.tmp" "$out"
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
  echo "$(basename "${out%-*}"): built ${modver#*@} in $(( $(date +%s) - start ))s -> $out"
}

# Stamped like helm's release build, so `helm version` names the exact release.
build "$helm_bin" "helm.sh/helm/v4@$HELM_VERSION" "helm.sh/helm/v4/cmd/helm" "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION"
"$helm_bin" version --short 2>/dev/null || "$helm_bin" version
build "$kustomize_bin" "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" "sigs.k8s.io/kustomize/kustomize/v5"
"$kustomize_bin" version
