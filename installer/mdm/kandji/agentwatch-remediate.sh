#!/bin/sh
# Kandji custom script, remediation half: puts back whatever the audit found missing.
set -eu
. /usr/local/lib/agentwatch/mdm/find-node.sh
[ -n "$NODE" ] || { echo "agentwatch: node >= 20 not found" >&2; exit 1; }
"$NODE" "$CLI" install --system
