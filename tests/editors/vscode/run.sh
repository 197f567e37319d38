#!/usr/bin/env bash
# `make test-vscode`: installs code-server 4.100.3 and playwright-core outside the repository
# (once; later runs only check the versions), then runs e2e.cjs against the built .vsix.
# Needs chromium and ripgrep from the system (.ci/run installs them with apt-get).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
CODE_SERVER_VERSION=4.100.3   # the last code-server that runs on Node 20
PLAYWRIGHT_VERSION=1.65.1
if [ -z "${MATHLSP_CI_DIR:-}" ]; then
  if mkdir -p /opt/mathlsp-ci 2>/dev/null && [ -w /opt/mathlsp-ci ]; then
    MATHLSP_CI_DIR=/opt/mathlsp-ci
  else
    MATHLSP_CI_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/mathlsp-ci"
  fi
fi

say() { echo "[test-vscode] $*"; }
installed() { node -p "require('$1/node_modules/$2/package.json').version" 2>/dev/null || true; }

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$CHROMIUM" ]; then
  say "chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)"; exit 2
fi

if [ "$(installed "$MATHLSP_CI_DIR/code-server" code-server)" != "$CODE_SERVER_VERSION" ]; then
  command -v rg >/dev/null || { say "ripgrep not found: apt-get install -y ripgrep"; exit 2; }
  # @vscode/ripgrep downloads rg from GitHub unless its cache already holds the archive.
  cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  staging="$(mktemp -d)"; cp "$(command -v rg)" "$staging/rg"
  tar -C "$staging" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  rm -rf "$staging" "$MATHLSP_CI_DIR/code-server"; mkdir -p "$MATHLSP_CI_DIR/code-server"
  say "installing code-server $CODE_SERVER_VERSION into $MATHLSP_CI_DIR/code-server"
  # unsafe-perm: its postinstall refuses to run as root otherwise; allow-all-scripts: npm 11.19+
  # runs no dependency scripts unless approved (node-pty, argon2 need theirs).
  npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true \
    npm install --prefix "$MATHLSP_CI_DIR/code-server" --save-exact --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
fi
if [ "$(installed "$MATHLSP_CI_DIR/e2e" playwright-core)" != "$PLAYWRIGHT_VERSION" ]; then
  say "installing playwright-core $PLAYWRIGHT_VERSION into $MATHLSP_CI_DIR/e2e"
  mkdir -p "$MATHLSP_CI_DIR/e2e"
  npm install --prefix "$MATHLSP_CI_DIR/e2e" --save-exact --no-audit --no-fund --loglevel=error \
    "playwright-core@$PLAYWRIGHT_VERSION"
fi

export CODE_SERVER="$MATHLSP_CI_DIR/code-server/node_modules/.bin/code-server"
export MATHLSP_VSIX="$ROOT/editor-client/vscode/mathlsp.vsix"
export MATHLSP_SERVER="$ROOT/.venv/bin/mathlsp"
export PYTHON="$ROOT/.venv/bin/python"
export CHROMIUM
cd "$ROOT"
NODE_PATH="$MATHLSP_CI_DIR/e2e/node_modules" exec node tests/editors/vscode/e2e.cjs
