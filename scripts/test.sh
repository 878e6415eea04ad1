#!/usr/bin/env bash
# The whole test suite: unit, integration (real sshd, local processes) and end to end (lab hosts).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "scripts/test.sh: run as root (the lab boots systemd-nspawn hosts)" >&2; exit 1; }
bash scripts/install-deps.sh
exec npx mocha "$@"
