#!/usr/bin/env bash
# The main job: a local lab of four Debian hosts, site.yml deployed to it, failover proven.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "scripts/demo.sh: run as root (the lab boots systemd-nspawn hosts)" >&2; exit 1; }
bash scripts/install-deps.sh
warren() { node bin/warren.js "$@"; }
inventory=inventories/lab
warren lab up
warren secrets init "$inventory" --if-missing
warren run playbooks/site.yml -i "$inventory" --vault-password-file "$inventory/.vault_pass"
warren verify -i "$inventory" --vault-password-file "$inventory/.vault_pass" \
  --fault kill --node first --queue-type quorum --report reports/verify "$@"
