#!/usr/bin/env bash
# Sets up everything the whole test suite needs on a fresh Debian 12 machine (run as root; idempotent):
# Debian packages for the live-TLS tests (openssl, nginx, sslscan; tinyproxy and squid-openssl, the forward
# proxies of the proxy tests), the capture tests (tcpdump, and tshark for
# editcap), the real-VS-Code tests (code-server,
# chromium) and the Neovim LSP check; then the npm dependencies.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

log() { printf '[setup] %s\n' "$*"; }

missing=()
for pkg in openssl nginx sslscan ca-certificates tcpdump tshark tinyproxy squid-openssl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log "npm ci"
npm ci --no-audit --no-fund

bash scripts/install-code-server.sh
log "done"
