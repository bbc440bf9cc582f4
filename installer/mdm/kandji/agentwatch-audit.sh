#!/bin/sh
# Kandji custom script, audit half: exit 0 when agentwatch's service and managed hooks are all in place,
# 1 (so Kandji runs agentwatch-remediate.sh) when install --system would change anything — a hook a
# user or an agent removed, a missing LaunchDaemon. The dry run writes nothing.
set -u
. /usr/local/lib/agentwatch/mdm/find-node.sh
[ -n "$NODE" ] || { echo "agentwatch: node >= 20 not found"; exit 1; }
plan="$("$NODE" "$CLI" install --system --dry-run 2>&1)" || { echo "$plan"; exit 1; }
if printf '%s\n' "$plan" | grep -q ': installed '; then
  printf '%s\n' "$plan" | grep ': installed '
  exit 1
fi
echo "agentwatch: installed and unchanged"
exit 0
