#!/usr/bin/env bash
# Builds the Linux package: dist/agentwatch_<version>_<arch>.deb (dpkg-deb), and a tarball of the same
# tree with install.sh for distributions without dpkg. Run from the checkout after `npm ci && npm run build`.
#
# Layout: /usr/lib/agentwatch/{dist,node_modules,package.json} and /usr/bin/agentwatch -> the CLI.
# Node itself is a dependency (nodejs >= 20), not shipped. Only the run-time dependency closure of
# package.json's `dependencies` ships (scripts/runtime-deps.mjs), pruned of sources, docs, tests, type
# declarations and native build leftovers; devDependencies (the agents' CLIs, vitest, typescript) never do.
# The maintainer scripts (installer/mdm/deb/) run `agentwatch install --system` / `uninstall --system`,
# honouring $DPKG_ROOT so `dpkg --root DIR --force-script-chrootless` installs into a directory.
#
# Usage: scripts/build-deb.sh [OUT_DIR]   (default: dist-pkg/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-dist-pkg}")"
version="$(node -p 'require("./package.json").version')"
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
[ -f dist/daemon/main.js ] || { echo "build-deb: no dist/daemon/main.js; run npm run build first" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/agentwatch_${version}_${arch}"
lib="$pkg/usr/lib/agentwatch"
mkdir -p "$lib" "$pkg/usr/bin" "$pkg/DEBIAN" "$pkg/usr/share/doc/agentwatch"

# The compiled daemon and CLI, without the compiled tests and benchmarks.
mkdir -p "$lib/dist"
for d in core daemon collectors detectors installer vendor; do cp -a "dist/$d" "$lib/dist/$d"; done
find "$lib/dist" \( -name '*.map' -o -name '*.d.ts' \) -delete
node -e 'const p=require("./package.json"); process.stdout.write(JSON.stringify({name:p.name,version:p.version,type:p.type,bin:p.bin,dependencies:p.dependencies},null,2)+"\n")' > "$lib/package.json"

# Run-time dependencies only, pruned (better-sqlite3's bundled SQLite sources alone are 10 MB).
node scripts/runtime-deps.mjs | while read -r dir; do
  mkdir -p "$lib/$(dirname "$dir")"
  cp -aL "$dir" "$lib/$dir"
done
rm -rf "$lib/node_modules/better-sqlite3/deps" "$lib/node_modules/better-sqlite3/src"
find "$lib/node_modules" -depth -type d \( -name test -o -name tests -o -name __tests__ -o -name docs -o -name example -o -name examples -o -name obj.target -o -name .deps \) -exec rm -rf {} +
find "$lib/node_modules" -type f \( -name '*.md' -o -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.gyp' -o -name '*.gypi' -o -name '*.cc' -o -name '*.h' -o -name Makefile -o -name '*.mk' \) -delete

ln -s ../lib/agentwatch/dist/daemon/main.js "$pkg/usr/bin/agentwatch"
cp docs/deploy.md "$pkg/usr/share/doc/agentwatch/deploy.md"
for s in postinst prerm postrm; do install -m 0755 "installer/mdm/deb/$s" "$pkg/DEBIAN/$s"; done
size="$(du -sk "$pkg/usr" | cut -f1)"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: agentwatch
Version: $version
Architecture: $arch
Maintainer: agentwatch maintainers <agentwatch@localhost>
Depends: nodejs (>= 20)
Installed-Size: $size
Section: admin
Priority: optional
Description: endpoint monitor for AI coding agents
 Watches what AI coding agents (Claude Code, Codex, Gemini CLI, Cursor ...) do on this
 machine: their hooks plus the processes, files and connections they cause. Installing the
 package runs "agentwatch install --system": a root systemd service and managed hooks users
 cannot switch off. Removing it runs "agentwatch uninstall --system".
CONTROL

mkdir -p "$out"
dpkg-deb -Zgzip --root-owner-group --build "$pkg" "$out/agentwatch_${version}_${arch}.deb" >/dev/null
# The same tree for other distributions: unpack at / and run install.sh (or install.sh --root DIR).
tar -C "$pkg" --owner=0 --group=0 -czf "$out/agentwatch_${version}_linux-${arch}.tar.gz" usr
cp installer/mdm/install.sh "$out/install.sh"
echo "$out/agentwatch_${version}_${arch}.deb"
echo "$out/agentwatch_${version}_linux-${arch}.tar.gz"
