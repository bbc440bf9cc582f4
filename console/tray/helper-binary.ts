// systray2 runs a helper binary from its package, but the published files are not executable and its
// own chmod('+x') is a no-op (fs-extra takes no symbolic modes): the spawn fails with EACCES. So the
// helper is copied once into the state dir, made executable (0700), and systray2 is pointed at that copy
// through its copyDir option (which uses an existing copy as it is).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const BIN_NAME: Partial<Record<NodeJS.Platform, string>> = { linux: 'tray_linux_release', darwin: 'tray_darwin_release', win32: 'tray_windows_release.exe' };

/** The copyDir to give systray2 (it adds its version and the binary's name). */
export function prepareHelper(stateDir: string, platform = process.platform): string {
  const name = BIN_NAME[platform];
  if (!name) throw new Error(`no tray helper for ${platform}`);
  const pkgDir = path.dirname(require.resolve('systray2/package.json'));
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const copyDir = path.join(stateDir, 'tray-helper');
  const dest = path.join(copyDir, version, name);
  if (!fs.existsSync(dest)) {
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    fs.copyFileSync(path.join(pkgDir, 'traybin', name), dest);
  }
  fs.chmodSync(dest, 0o700);
  return copyDir;
}
