#!/usr/bin/env bash
# Installs the real pre-commit (from PyPI) the hook suite runs `.pre-commit-hooks.yaml` with: a Python venv
# at $SECRET_SURFACE_TOOLS/pre-commit (default .tools/, git-ignored) holding pre-commit 4.7.0. Idempotent:
# a venv that already has that version is left alone. Needs python3 with venv (Debian: python3-venv, which
# this installs when it is missing) and git.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${SECRET_SURFACE_TOOLS:-$repo/.tools}"
PRE_COMMIT_VERSION=4.7.0
# A venv's scripts name its python by absolute path: the physical one, so a .tools reached through a
# symlink (a second checkout sharing it) leaves a venv that still runs once that checkout is gone.
mkdir -p "$tools"
tools="$(cd "$tools" && pwd -P)"
venv="$tools/pre-commit"
say() { echo "setup-precommit: $*"; }

if [ -x "$venv/bin/pre-commit" ] && [ "$("$venv/bin/pre-commit" --version 2>/dev/null)" = "pre-commit $PRE_COMMIT_VERSION" ]; then
  say "pre-commit $PRE_COMMIT_VERSION present at $venv/bin/pre-commit"
  exit 0
fi

apt_install() {
  command -v apt-get >/dev/null 2>&1 || { say "install $* yourself (not a Debian machine)"; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]'; then apt-get update -qq; fi
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@"
}
command -v git >/dev/null 2>&1 || apt_install git
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
# Debian's python3 splits venv (and the pip it seeds) into python3-venv.
probe="$(mktemp -d)"
if ! python3 -m venv "$probe/v" >/dev/null 2>&1; then
  rm -rf "$probe"
  apt_install python3-venv
else
  rm -rf "$probe"
fi

rm -rf "$venv"
mkdir -p "$tools"
say "python3 -m venv $venv; pip install pre-commit==$PRE_COMMIT_VERSION"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
"$venv/bin/pre-commit" --version
