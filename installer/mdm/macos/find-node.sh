# Sourced by the macOS pkg scripts and the MDM scripts: sets NODE to a node >= 20 (Homebrew on Apple
# silicon or Intel, the nodejs.org pkg, or PATH) and CLI to the agentwatch the pkg installs.
CLI="${AGENTWATCH_CLI:-/usr/local/lib/agentwatch/dist/daemon/main.js}"
NODE=""
for n in /opt/homebrew/bin/node /usr/local/bin/node "$(command -v node 2>/dev/null || true)"; do
  if [ -n "$n" ] && [ -x "$n" ] && [ "$("$n" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; then NODE="$n"; break; fi
done
