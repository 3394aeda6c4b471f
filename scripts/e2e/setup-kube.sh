#!/usr/bin/env bash
# Installs the real Kubernetes control plane the cluster-check suites run against: etcd from Debian apt and
# kube-apiserver built from the Go module proxy (cached, so a second run is instant). Idempotent.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-v1.37.2}"
tools="${SECRET_SURFACE_TOOLS:-$HOME/.cache/secret-surface}"
bin="$tools/kube-apiserver-$KUBE_VERSION"
mkdir -p "$tools"

# --- etcd (apt) -------------------------------------------------------------------------------------------
if ! command -v etcd >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the package index when the candidate is unknown: apt-get update is slow and touches the network.
  policy="$(apt-cache policy etcd-server 2>/dev/null || true)"
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    apt-get update
  fi
  # policy-rc.d keeps the postinst from starting a system etcd on the default ports; the tests start their
  # own on free ports.
  rc=/usr/sbin/policy-rc.d
  made_rc=0
  if [ ! -e "$rc" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$rc"
    chmod +x "$rc"
    made_rc=1
  fi
  apt-get install -y --no-install-recommends etcd-server
  if [ "$made_rc" = 1 ]; then rm -f "$rc"; fi
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now etcd >/dev/null 2>&1 || true
fi
echo "etcd: $(command -v etcd) ($(etcd --version 2>/dev/null | head -1))"

# --- kube-apiserver (Go module proxy) --------------------------------------------------------------------
if [ -x "$bin" ]; then
  echo "kube-apiserver: $bin (cached)"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "setup-kube: Go is required to build kube-apiserver" >&2; exit 1; }

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

# k8s.io/kubernetes points its staging modules at ./staging/... which a module consumer cannot see, so every one
# of them must be replaced by the published v0.X.Y twin. The list is taken from that version's own go.mod.
staging_version="v0.${KUBE_VERSION#v1.}"
go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" > download.json
gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p' download.json)"
[ -f "$gomod" ] || { echo "setup-kube: could not locate go.mod of k8s.io/kubernetes@$KUBE_VERSION" >&2; exit 1; }

{
  echo "module secretsurface.local/kube-apiserver-build"
  echo
  echo "go $(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
  echo
  echo "require k8s.io/kubernetes $KUBE_VERSION"
  echo
  echo "replace ("
  awk '/=> \.\/staging\// { print "\t" $1 " => " $1 " '"$staging_version"'" }' "$gomod"
  echo ")"
} > go.mod
echo "setup-kube: replacing $(grep -c '=> ' go.mod) staging modules with $staging_version"
# Keeps k8s.io/kubernetes/cmd/kube-apiserver in the module graph for `go mod tidy`; never compiled itself.
printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kube-apiserver"\n' > tools.go

# Stamp the version like the release build does (hack/lib/version.sh): /version and --version then tell the
# truth, and version-dependent defaults see a real version instead of v0.0.0-master.
minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

start=$(date +%s)
# Peak memory of the build: the summed RSS of go/compile/link processes, sampled every second (GNU time would
# only see the largest single process, and is not on every machine).
peak_file="$work/peak-rss"
echo 0 >"$peak_file"
(
  peak=0
  while sleep 1; do
    cur="$(ps -e -o rss=,comm= | awk '$2 == "go" || $2 == "compile" || $2 == "link" || $2 == "asm" || $2 == "cgo" { s += $1 } END { print s + 0 }')"
    if [ "$cur" -gt "$peak" ]; then peak=$cur; echo "$peak" >"$peak_file"; fi
  done
) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true; chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

GOFLAGS="${GOFLAGS:-} -mod=mod" go mod tidy >/dev/null 2>tidy.log || { cat tidy.log >&2; exit 1; }
# -trimpath and stripped symbols keep the binary and link time small; GOMAXPROCS is left at its default.
go build -mod=mod -trimpath -ldflags="$ldflags" -o "$bin.tmp" k8s.io/kubernetes/cmd/kube-apiserver 2>build.log \
  || { tail -50 build.log >&2; rm -f "$bin.tmp"; exit 1; }
mv "$bin.tmp" "$bin"
end=$(date +%s)
kill "$sampler" 2>/dev/null || true
echo "kube-apiserver: built $KUBE_VERSION in $((end - start))s on $(nproc) CPUs, peak RSS of the Go toolchain ~$(( $(cat "$peak_file") / 1024 )) MiB -> $bin"
"$bin" --version
