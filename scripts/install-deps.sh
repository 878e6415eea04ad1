#!/usr/bin/env bash
# Installs what warren's lab, tests and demo need on a Debian machine that has only Node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
# chromium and a font: the report test opens report.html in headless Chromium (never a downloaded
# browser); zsh: the completion test loads the zsh script; ansible-core: ansible-vault, for the
# vault compatibility test (test/integration/vault/ansible-compat.test.ts)
for pkg in systemd-container debootstrap openssh-client openssh-server iproute2 apt-cacher-ng sudo chromium fonts-dejavu-core zsh ansible-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# Compiled output starts ~0.5 s faster; bin/ falls back to the sources if it is older than src/.
npm run --silent build >/dev/null || echo "install-deps: build failed; running from sources" >&2
