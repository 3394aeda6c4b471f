#!/usr/bin/env bash
# Installs the real editors the editor suites drive: Debian's Chromium, Neovim and Emacs with eglot (apt), and
# code-server 4.100.3 + playwright-core (npm) into $SECRET_SURFACE_TOOLS (default .tools/, git-ignored).
# Idempotent: every step checks what is already there first. code-server 4.100.3 is the newest
# release whose engines.node is 20; later ones need Node 22/24.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${SECRET_SURFACE_TOOLS:-$repo/.tools}"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
# The @vscode/ripgrep version code-server 4.100.3 depends on; its postinstall downloads from GitHub
# unless the archive is already in its cache.
RIPGREP_PKG_VERSIONS="1.15.11"
apt_packages=(chromium fonts-dejavu-core ripgrep libkrb5-dev neovim emacs-nox elpa-eglot elpa-yaml-mode elpa-dockerfile-mode)

say() { echo "setup-editor: $*"; }
missing=()

# --------------------------------------------------------------- system packages (Debian/Ubuntu)
need_apt=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$p")
  done
  if [ ${#need_apt[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "apt-get install ${need_apt[*]}"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need_apt[@]}"
  else
    say "apt packages present: ${apt_packages[*]}"
  fi
else
  # Not Debian: nothing is installed for you; name what the suites will miss.
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=("chromium at /usr/bin/chromium (code-server UI and extension-host suites)")
  command -v nvim >/dev/null 2>&1 || missing+=("neovim >= 0.7 as nvim (second LSP client suite)")
  command -v emacs >/dev/null 2>&1 || missing+=("emacs with the eglot and yaml-mode packages (the Emacs config suite)")
  command -v rg >/dev/null 2>&1 || missing+=("ripgrep as rg (seeds code-server's ripgrep download)")
  [ -e /usr/include/gssapi/gssapi.h ] || missing+=("Kerberos headers gssapi/gssapi.h, e.g. krb5-devel (code-server's kerberos module builds from source)")
fi

# --------------------------------------------------------------- ripgrep download cache
if command -v rg >/dev/null 2>&1; then
  rgbin="$(command -v rg)"
  staging="$(mktemp -d)"
  cp "$rgbin" "$staging/rg"
  for v in $RIPGREP_PKG_VERSIONS; do
    cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$v"
    mkdir -p "$cache"
    for asset in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz ripgrep-v14.1.1-x86_64-unknown-linux-musl.tar.gz; do
      [ -s "$cache/$asset" ] || tar czf "$cache/$asset" -C "$staging" rg
    done
  done
  rm -rf "$staging"
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "this is not a Debian machine; install these yourself, then run this script again:"
  for m in "${missing[@]}"; do echo "  - $m"; done
  exit 1
fi

# --------------------------------------------------------------- code-server + playwright-core (npm)
installed_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }

mkdir -p "$tools/code-server" "$tools/playwright"
if [ "$(installed_version "$tools/code-server/node_modules/code-server")" != "$CODE_SERVER_VERSION" ]; then
  say "npm install code-server@$CODE_SERVER_VERSION (about a minute)"
  [ -f "$tools/code-server/package.json" ] || echo '{"name":"secret-surface-e2e-code-server","private":true}' > "$tools/code-server/package.json"
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc cancels.
  # --unsafe-perm: code-server's postinstall refuses to run as root without it.
  (cd "$tools/code-server" && npm_config_yes=true npm install --no-audit --no-fund --no-save --unsafe-perm \
    "code-server@$CODE_SERVER_VERSION")
else
  say "code-server $CODE_SERVER_VERSION present"
fi
if [ "$(installed_version "$tools/playwright/node_modules/playwright-core")" != "$PLAYWRIGHT_VERSION" ]; then
  say "npm install playwright-core@$PLAYWRIGHT_VERSION (uses Debian's chromium, downloads no browser)"
  [ -f "$tools/playwright/package.json" ] || echo '{"name":"secret-surface-e2e-playwright","private":true}' > "$tools/playwright/package.json"
  (cd "$tools/playwright" && npm install --no-audit --no-fund --no-save "playwright-core@$PLAYWRIGHT_VERSION")
else
  say "playwright-core $PLAYWRIGHT_VERSION present"
fi

# --------------------------------------------------------------- benchmark comparison (opt-in)
# `npm run bench` sets our didChange→diagnostics latency beside yaml-language-server's with
# Kubernetes schema validation. That needs the server (npm) and a Kubernetes JSON schema that works
# offline: the schemas kubernetes-validate ships (PyPI). Only with SECRET_SURFACE_BENCH=1.
YAML_LS_VERSION=1.25.0   # 2.x needs Node >= 22.13
K8S_VALIDATE_VERSION=1.37.0
K8S_SCHEMA_VERSION=v1.33.0-local
if [ "${SECRET_SURFACE_BENCH:-}" = 1 ]; then
  mkdir -p "$tools/yaml-ls"
  if [ "$(installed_version "$tools/yaml-ls/node_modules/yaml-language-server")" != "$YAML_LS_VERSION" ]; then
    say "npm install yaml-language-server@$YAML_LS_VERSION (benchmark comparison)"
    [ -f "$tools/yaml-ls/package.json" ] || echo '{"name":"secret-surface-bench-yaml-ls","private":true}' > "$tools/yaml-ls/package.json"
    (cd "$tools/yaml-ls" && npm install --no-audit --no-fund --no-save "yaml-language-server@$YAML_LS_VERSION")
  fi
  schema_dir="$tools/k8s-schema/$K8S_SCHEMA_VERSION"
  if [ ! -s "$schema_dir/deployment-apps-v1.json" ]; then
    say "pip download kubernetes-validate==$K8S_VALIDATE_VERSION for its Kubernetes $K8S_SCHEMA_VERSION JSON schemas"
    wheel_dir="$(mktemp -d)"
    python3 -m pip download --quiet --no-deps -d "$wheel_dir" "kubernetes-validate==$K8S_VALIDATE_VERSION"
    python3 - "$wheel_dir" "$schema_dir" "$K8S_SCHEMA_VERSION" <<'PY'
import glob, os, sys, zipfile
wheel_dir, out, version = sys.argv[1:]
z = zipfile.ZipFile(glob.glob(os.path.join(wheel_dir, '*.whl'))[0])
prefix = f'kubernetes_validate/kubernetes-json-schema/{version}/'
os.makedirs(out, exist_ok=True)
for name in z.namelist():
    if name.startswith(prefix) and name.endswith('.json'):
        with open(os.path.join(out, name[len(prefix):]), 'wb') as f:
            f.write(z.read(name))
PY
    rm -rf "$wheel_dir"
  fi
fi

"$tools/code-server/node_modules/.bin/code-server" --version >/dev/null
say "ready: $tools/code-server/node_modules/.bin/code-server, $tools/playwright, /usr/bin/chromium, $(command -v nvim)"
