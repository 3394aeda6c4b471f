#!/usr/bin/env bash
# Installs everything the real-server and real-editor suites need on Debian: each setup-*.sh beside
# this file installs one part (idempotent, cached under $SECRET_SURFACE_TOOLS, default .tools/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for s in "$here"/setup-*.sh; do
  [ -e "$s" ] || continue
  echo "== $(basename "$s")"
  bash "$s"
done
