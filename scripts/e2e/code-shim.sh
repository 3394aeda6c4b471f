#!/usr/bin/env bash
# Stands in for the VS Code executable that @vscode/test-electron's runTests launches
# (`vscodeExecutablePath`) on machines that cannot download VS Code: it takes the same desktop
# flags (--extensionDevelopmentPath=, --extensionTestsPath=, a workspace folder; the rest are
# ignored) and runs the suite in code-server's extension host through headless Chromium, exiting
# with the suite's code. The work is done by run-exthost-electron.mjs --as-vscode, which reuses the
# e2e support modules compiled into build/ (so `npm run build` first) and the editors that
# scripts/e2e/setup-editor.sh installs under $SECRET_SURFACE_TOOLS (default .tools/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# exec: runTests' SIGINT (Ctrl+C) then reaches the process that stops code-server.
exec "${NODE:-node}" "$here/run-exthost-electron.mjs" --as-vscode "$@"
