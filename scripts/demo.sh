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
# (playbooks/rolling-restart.yml). verify publishes until it is interrupted (SIGTERM once site.yml
# is done), then drains, fails unless every confirmed message is consumed, and reports the
# longest time without a confirm (maxConfirmGapMs). site.yml goes back to the default afterwards
# (a second rolling restart), so the demo can be run again.
# Meanwhile every node's AMQP port is probed every half second: at least two of the three must
# accept connections at every sample, or the demo fails.
echo "== a configuration change that restarts every node, under load (report: reports/rolling)"
nodes=$(warren inventory -i "$inventory" --vault-password-file "$inventory/.vault_pass" --list |
  node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(j.rabbitmq.hosts.map((h) => j._meta.hostvars[h].ansible_host).join(" "))')
watch_nodes() { # until $1 exists; then prints the fewest nodes that accepted AMQP at one sample
  local fewest=99 samples=0 up ip
  while [ ! -e "$1" ]; do
    up=0
    for ip in $nodes; do timeout 1 bash -c ": </dev/tcp/$ip/5672" 2>/dev/null && up=$((up + 1)); done
    samples=$((samples + 1)); [ "$up" -lt "$fewest" ] && fewest=$up
    sleep 0.5
  done
  echo "$fewest $samples"
}
stop_watch=$(mktemp -u)
watch_nodes "$stop_watch" > "$stop_watch.out" &
watcher=$!
trap 'touch "$stop_watch"' EXIT # a failed step stops the watcher too
# node itself, not the warren function, goes to the background: $! must be verify's own pid (a
# signal to the function's subshell never reached it), and SIGTERM, because a background job of a
# script starts with SIGINT ignored.
node bin/warren.js verify -i "$inventory" --vault-password-file "$inventory/.vault_pass" \
  --fault none --queue-type quorum --lead 3600 --rate 400 --report reports/rolling &
load=$!
sleep 15
warren run playbooks/site.yml -i "$inventory" --vault-password-file "$inventory/.vault_pass" -e rabbitmq_heartbeat=30
sleep 5
kill -TERM "$load"
wait "$load"
touch "$stop_watch"; wait "$watcher"
read -r fewest samples < "$stop_watch.out"; trap - EXIT; rm -f "$stop_watch" "$stop_watch.out"
total=$(echo $nodes | wc -w)
echo "nodes accepting AMQP during the rolling change: at least $fewest of $total (in each of $samples samples, every 0.5 s)"
[ "$fewest" -ge 2 ] || { echo "demo: fewer than 2 nodes were serving at one moment of the rolling change" >&2; exit 1; }
warren run playbooks/site.yml -i "$inventory" --vault-password-file "$inventory/.vault_pass"
