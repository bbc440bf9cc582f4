// The rule packs the daemon runs: the built-in pack plus every `*.yaml` in the configured directories
// (where IT pushes its own), loaded here and nowhere else in the daemon. Reloaded on SIGHUP and when a
// file there changes; a reload with any error keeps the rules that were running, and says which file
// and line is wrong.
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Detector } from '../detectors/detector.js';
import { loadRulePack, formatIssue } from '../detectors/index.js';
import type { RulePack } from '../detectors/rules/pack.js';

export interface RulePackHealth { ok: boolean; loaded: number; lastError?: string }

export class RulePacks {
  private pack: RulePack;
  private lastError: string | undefined;
  private watchers: fs.FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;

  constructor(private readonly dirs: readonly string[], private readonly log: Logger, private readonly onChange: (d: Detector) => void) {
    // At start there is nothing older to keep: run what loads, report the rest.
    this.pack = loadRulePack(dirs, { examples: false });
    this.report(this.pack, 'loaded');
  }

  get detector(): Detector {
    return this.pack.detector;
  }

  /** Loads again; on any error keeps the running rules. Returns whether the new rules took over. */
  reload(): boolean {
    const next = loadRulePack(this.dirs, { examples: false });
    if (next.report.errors.length > 0) {
      this.report(next, 'reload refused; still running the previous rules');
      return false;
    }
    this.pack = next;
    this.report(next, 'reloaded');
    this.onChange(next.detector);
    return true;
  }

  /** Reload when a file in a rule directory changes (directories that do not exist are skipped). */
  watch(): void {
    for (const dir of this.dirs) {
      if (!fs.existsSync(dir)) continue;
      const w = fs.watch(dir, () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.reload(), 200).unref();
      });
      w.on('error', (err) => this.log.warn({ err, dir }, 'rule directory watch failed'));
      this.watchers.push(w);
    }
  }

  close(): void {
    clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
  }

  health(): RulePackHealth {
    return { ok: this.lastError === undefined, loaded: this.pack.report.loaded, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  private report(pack: RulePack, what: string): void {
    const { errors, warnings, loaded, files } = pack.report;
    this.lastError = errors.length > 0 ? formatIssue(errors[0]!) : undefined;
    for (const e of errors) this.log.error({ rules: { file: e.file, line: e.line, ruleId: e.ruleId } }, `rule error: ${formatIssue(e)}`);
    for (const w of warnings) this.log.warn({ rules: { file: w.file, line: w.line, ruleId: w.ruleId } }, `rule warning: ${formatIssue(w)}`);
    this.log.info({ loaded, files: files.length, errors: errors.length }, `rules ${what}`);
  }
}
