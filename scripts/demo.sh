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
# The rolling change: a configuration change that needs every node restarted, made while verify
# publishes with confirms through HAProxy. The nodes restart one at a time behind health gates
# (playbooks/rolling-restart.yml). verify publishes until it is interrupted (SIGINT once site.yml
# is done), then drains, fails unless every confirmed message is consumed, and reports the
# longest time without a confirm (maxConfirmGapMs). site.yml goes back to the default afterwards
# (a second rolling restart), so the demo can be run again.
echo "== a configuration change that restarts every node, under load (report: reports/rolling)"
warren verify -i "$inventory" --vault-password-file "$inventory/.vault_pass" \
  --fault none --queue-type quorum --lead 3600 --rate 400 --report reports/rolling &
load=$!
sleep 15
warren run playbooks/site.yml -i "$inventory" --vault-password-file "$inventory/.vault_pass" -e rabbitmq_heartbeat=30
sleep 5
kill -INT "$load"
wait "$load"
warren run playbooks/site.yml -i "$inventory" --vault-password-file "$inventory/.vault_pass"
