#!/bin/sh
# Microsoft Intune shell script (macOS "Shell scripts", or a Linux custom compliance/remediation script):
# runs as root, idempotent, so Intune may run it on every check-in: `install --system` writes nothing
# when everything is in place and puts back anything removed. AGENTWATCH_ACTION=uninstall removes it.
set -eu
if [ "$(uname -s)" = Darwin ]; then
  . /usr/local/lib/agentwatch/mdm/find-node.sh
else
  CLI=/usr/lib/agentwatch/dist/daemon/main.js
  NODE="$(command -v node || true)"
fi
[ -n "$NODE" ] || { echo "agentwatch: node >= 20 not found" >&2; exit 1; }
case "${AGENTWATCH_ACTION:-install}" in
  install) "$NODE" "$CLI" install --system ;;
  uninstall) "$NODE" "$CLI" uninstall --system ;;
  *) echo "agentwatch: AGENTWATCH_ACTION must be install or uninstall" >&2; exit 2 ;;
esac
