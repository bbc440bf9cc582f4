// `agentwatch rules [DIR…]`: loads the built-in pack plus the given (or configured) rule directories and
// prints the load report — what IT runs before pushing a pack. Exits 1 when any file has an error.
import os from 'node:os';
import { loadRulePack, formatIssue } from '../../detectors/index.js';
import { defaultConfigFile, loadConfig } from '../config/load.js';
import type { CommonArgs } from './options.js';

export function rulesCommand(args: CommonArgs & { dirs?: string[] }): void {
  const dirs = args.dirs?.length ? args.dirs : loadConfig(args.config ?? defaultConfigFile(process.env, os.homedir())).rules.dirs;
  const { report, rules } = loadRulePack(dirs);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...report, rules: rules.map((r) => r.id) })}\n`);
  } else {
    process.stdout.write(`${report.loaded} rules loaded from ${report.files.length} files\n`);
    for (const e of report.errors) process.stdout.write(`error: ${formatIssue(e)}\n`);
    for (const w of report.warnings) process.stdout.write(`warning: ${formatIssue(w)}\n`);
  }
  if (report.errors.length > 0) process.exitCode = 1;
}
