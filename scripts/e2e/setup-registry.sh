#!/usr/bin/env bash
# Installs the OCI registry the registry suites run against: Debian's docker-registry (distribution v2).
# Idempotent. The tests start their own registry on a free 127.0.0.1 port, so the packaged service is
# stopped and disabled: a daemon left on :5000 would only hide a test that forgot to start its own.
set -euo pipefail

if ! command -v docker-registry >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet; refresh only when the candidate is unknown.
  if ! apt-cache policy docker-registry 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update
  fi
  # policy-rc.d keeps the postinst from starting the daemon in the first place.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    made_policy=1
  fi
  pkgs=(docker-registry)
  command -v openssl >/dev/null 2>&1 || pkgs+=(openssl)
  apt-get install -y --no-install-recommends "${pkgs[@]}"
  if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi
fi

# Leave no packaged daemon running, whichever init system (or none) the machine has.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now docker-registry >/dev/null 2>&1 || true
elif command -v service >/dev/null 2>&1; then
  service docker-registry stop >/dev/null 2>&1 || true
  if command -v update-rc.d >/dev/null 2>&1; then update-rc.d docker-registry disable >/dev/null 2>&1 || true; fi
fi
if [ -f /run/docker-registry.pid ] || [ -f /var/run/docker-registry.pid ]; then
  for f in /run/docker-registry.pid /var/run/docker-registry.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
fi

command -v docker-registry >/dev/null
command -v openssl >/dev/null
docker-registry --version
