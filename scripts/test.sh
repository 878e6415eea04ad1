#!/usr/bin/env bash
# The whole test suite: unit, integration (real sshd, local processes) and end to end (lab hosts).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "scripts/test.sh: run as root (the lab boots systemd-nspawn hosts)" >&2; exit 1; }
bash scripts/install-deps.sh
# formatting and lint first: seconds, and a failure names the file and line
npx biome check .
# Spec globs live here, not in .mocharc.json: mocha adds the config's spec to the command line's,
# so `npx mocha test/unit/...` would run every suite, lab tests included.
[ "$#" -gt 0 ] || set -- 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts'
exec npx mocha "$@"
