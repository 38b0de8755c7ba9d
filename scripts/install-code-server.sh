#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a fresh Debian 12 machine, as root, without prompts:
#   - Debian: chromium (headless browser), libkrb5-dev + pkg-config (code-server's native kerberos module),
#     ripgrep (stands in for @vscode/ripgrep's download), unzip (the .vsix content test), neovim (LSP check).
#   - code-server@4.100.3 (= VS Code 1.100.3; the newest release whose engines accept Node 20) in its own folder
#     with its own package.json, so it never becomes a dependency of the extension.
# Idempotent: every step is skipped when its result is already there.
#
# Usage: bash scripts/install-code-server.sh
# Env:   CODE_SERVER_DIR  install folder (default: <repo>/.tmp/code-server; the test runner reads the same variable)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
install_dir=${CODE_SERVER_DIR:-$repo_root/.tmp/code-server}

log() { printf '[install-code-server] %s\n' "$*"; }

install_debian_packages() {
  local wanted=(chromium libkrb5-dev pkg-config ripgrep unzip neovim)
  local missing=()
  local pkg
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages present"
    return
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # With recommends, as Chromium was installed and tried on these machines.
  apt-get install -y -qq "${missing[@]}"
}

installed_version() {
  local manifest=$install_dir/node_modules/code-server/package.json
  [ -f "$manifest" ] || return 0
  # Only a finished install counts: the postinstall builds lib/vscode/node_modules last.
  [ -d "$install_dir/node_modules/code-server/lib/vscode/node_modules" ] || return 0
  node -p "require(process.argv[1]).version" "$manifest"
}

install_code_server() {
  if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
    log "code-server $CODE_SERVER_VERSION present in $install_dir"
    return
  fi
  local work
  work=$(mktemp -d)
  # What the install writes outside its folder goes to this temp dir (npm's own cache, ~/.npm, is shared as for npm ci).
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  export TMPDIR=$work
  export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
  # code-server's postinstall refuses to run as root unless npm_config_unsafe_perm=true (npm 11 itself warns it is unknown).
  export npm_config_unsafe_perm=true npm_config_yes=true npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

  # @vscode/ripgrep's postinstall downloads a binary from GitHub unless its archive is already in its cache.
  mkdir -p "$work/$RIPGREP_CACHE_NAME" "$work/rg"
  cp "$(command -v rg)" "$work/rg/rg"
  tar -czf "$work/$RIPGREP_CACHE_NAME/$RIPGREP_ARCHIVE" -C "$work/rg" rg

  rm -rf "$install_dir"
  mkdir -p "$install_dir"
  cat >"$install_dir/package.json" <<JSON
{
  "name": "apigee-tls-lint-code-server",
  "private": true,
  "description": "code-server for the extension's real-VS-Code tests (scripts/install-code-server.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  log "npm install code-server@$CODE_SERVER_VERSION into $install_dir"
  (cd "$install_dir" && npm install --no-save --loglevel=warn)
  if [ "$(installed_version)" != "$CODE_SERVER_VERSION" ]; then
    log "code-server install did not finish" >&2
    exit 1
  fi
}

install_debian_packages
install_code_server
log "done: $install_dir/node_modules/code-server"
