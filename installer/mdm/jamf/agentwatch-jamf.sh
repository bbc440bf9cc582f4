#!/bin/sh
# Jamf Pro policy script (after the agentwatch pkg): installs, or with parameter 4 = "uninstall" removes,
# agentwatch machine-wide. Parameter 5: agents, comma-separated (default: every agent with managed hooks).
# Jamf passes $1-$3 (mount point, computer name, user); our parameters start at $4.
set -eu
action="${4:-install}"
agents="${5:-}"
. /usr/local/lib/agentwatch/mdm/find-node.sh
[ -n "$NODE" ] || { echo "agentwatch: node >= 20 not found" >&2; exit 1; }
case "$action" in
  install) "$NODE" "$CLI" install --system ${agents:+--agents "$agents"} ;;
  uninstall) "$NODE" "$CLI" uninstall --system ${agents:+--agents "$agents"} ;;
  *) echo "agentwatch: parameter 4 must be install or uninstall, not $action" >&2; exit 2 ;;
esac
