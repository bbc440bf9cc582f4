#!/bin/sh
# agentwatch for Linux distributions without dpkg: unpacks the tarball scripts/build-deb.sh makes and runs
# `agentwatch install --system`. Needs node >= 20 on PATH. Run as root.
#   sh install.sh agentwatch_<version>_linux-<arch>.tar.gz [--root DIR]      install
#   sh install.sh --uninstall [--root DIR]                                  remove it all again
set -eu
root=""
tarball=""
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) tarball="$1"; shift ;;
  esac
done
command -v node >/dev/null 2>&1 || { echo "install.sh: node (>= 20) is not on PATH" >&2; exit 1; }
cli="$root/usr/lib/agentwatch/dist/daemon/main.js"
if [ "$uninstall" = 1 ]; then
  node "$cli" uninstall --system ${root:+--root "$root"}
  rm -rf "$root/usr/lib/agentwatch" "$root/usr/bin/agentwatch" "$root/usr/share/doc/agentwatch"
  # directories the unpack made (only ever empty ones: on a real machine these hold the system)
  for d in usr/share/doc usr/share usr/lib usr/bin usr; do rmdir "$root/$d" 2>/dev/null || true; done
  exit 0
fi
[ -n "$tarball" ] || { echo "install.sh: name the agentwatch tarball" >&2; exit 2; }
mkdir -p "${root:-/}"
tar -C "${root:-/}" -xzf "$tarball"
node "$cli" install --system ${root:+--root "$root"}
