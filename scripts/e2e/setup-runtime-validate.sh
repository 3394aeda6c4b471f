#!/usr/bin/env bash
# Builds test/go/runtime-validate, the checker that runs KubeArmor's own Go code on the generated KubeArmor
# policies (strict decode into the controller's API types, the daemon's CreateSecurityPolicy, the daemon's AppArmor
# enforcer rendering the profile), from the module proxy at the versions its go.mod pins; and installs Debian's
# apparmor package for apparmor_parser, which compiles the rendered profiles (nothing is loaded into a kernel).
# Idempotent: the binary is cached under a key of the checker's go.mod, go.sum and source.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../../test/go/runtime-validate"
tools="${SECRET_SURFACE_TOOLS:-$HOME/.cache/secret-surface}"
mkdir -p "$tools"

# --- apparmor_parser (apt) -------------------------------------------------------------------------------
if ! command -v apparmor_parser >/dev/null 2>&1 && [ ! -x /usr/sbin/apparmor_parser ]; then
  export DEBIAN_FRONTEND=noninteractive
  policy="$(apt-cache policy apparmor 2>/dev/null || true)"
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    apt-get update
  fi
  # policy-rc.d keeps the postinst from starting the apparmor service (it would load profiles into this
  # machine's kernel); the checker only compiles profiles.
  rc=/usr/sbin/policy-rc.d
  made_rc=0
  if [ ! -e "$rc" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$rc"
    chmod +x "$rc"
    made_rc=1
  fi
  apt-get install -y --no-install-recommends apparmor
  if [ "$made_rc" = 1 ]; then rm -f "$rc"; fi
fi
echo "apparmor_parser: $(PATH="$PATH:/usr/sbin" command -v apparmor_parser) ($(PATH="$PATH:/usr/sbin" apparmor_parser --version 2>/dev/null | head -1))"

# --- runtime-validate (Go module proxy) ------------------------------------------------------------------
key="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-12)"
bin="$tools/runtime-validate-$key/runtime-validate"
if [ -x "$bin" ]; then
  echo "runtime-validate: $bin (cached)"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "setup-runtime-validate: Go is required to build test/go/runtime-validate" >&2; exit 1; }
tmp="$tools/runtime-validate-$key.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
(cd "$src" && go build -buildvcs=false -trimpath -o "$tmp/runtime-validate" .)
rm -rf "$tools/runtime-validate-$key"
mv "$tmp" "$tools/runtime-validate-$key"
echo "runtime-validate: $bin"
