// A live scan of configured MCP servers: which to start, bounded concurrency, then pins, poisoning
// findings and alerts. A server configured in several clients (same server key) is started once.
import type { Alert } from '../../../core/event.js';
import type { McpServerEntry } from '../types.js';
import { scanServer, type ScanResult } from './connect.js';
import { checkPin, type PinOutcome, type PinRecords } from './pin-check.js';
import { pinBody, serverKey, serverLabel } from './pins.js';
import { poisoningFindings, textsOf, type PoisonFinding } from './poisoning.js';
import { forTerminal, poisoningAlert, rugPullAlert, type AlertDraft, type ScanAlertSink } from './scan-alerts.js';

export interface ScanOptions {
  timeoutMs: number;
  passEnv: readonly string[];
  /** Start stdio servers that are not on the allowlist. */
  allowUnapproved: boolean;
  /** Also scan servers their config disables (when the user named one). */
  includeDisabled?: boolean;
  /** Replace existing pins with what the servers say now (accepting a change). */
  repin?: boolean;
  /** Where pins are kept; without it nothing is pinned. */
  pins?: PinRecords;
  /** Where alerts go (the daemon's alert path); without it none are raised. */
  alerts?: ScanAlertSink;
  concurrency?: number;
  parentEnv?: NodeJS.ProcessEnv;
}

export interface ServerScanReport {
  entry: McpServerEntry;
  key: string;
  /** Why the server was not started, e.g. `not on the allowlist (use --allow-unapproved)`. */
  skipped?: string;
  result?: ScanResult;
  pin?: PinOutcome;
  findings: PoisonFinding[];
  alerts: Alert[];
}

export const DEFAULT_CONCURRENCY = 4;

export function skipReason(entry: McpServerEntry, opts: Pick<ScanOptions, 'allowUnapproved' | 'includeDisabled'>): string | undefined {
  if (entry.disabled && !opts.includeDisabled) return 'disabled in its config (name it with --server to scan it)';
  // Starting a stdio server runs its code here; contacting a remote one does not.
  if (entry.transport === 'stdio' && entry.status === 'unapproved' && !opts.allowUnapproved) return 'not on the allowlist (use --allow-unapproved)';
  return undefined;
}

export async function scanEntries(entries: McpServerEntry[], opts: ScanOptions): Promise<ServerScanReport[]> {
  const reports: ServerScanReport[] = entries.map((entry) => ({ entry, key: serverKey(entry), skipped: skipReason(entry, opts), findings: [], alerts: [] }));
  const byKey = new Map<string, ServerScanReport[]>();
  for (const r of reports) if (!r.skipped) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const results = new Map<string, ScanResult>();
  await pool([...byKey.entries()], opts.concurrency ?? DEFAULT_CONCURRENCY, async ([key, group]) => {
    results.set(key, await scanServer(group[0]!.entry, { timeoutMs: opts.timeoutMs, passEnv: opts.passEnv, parentEnv: opts.parentEnv }));
  });
  const now = new Date().toISOString();
  const drafts: { key: string; draft: AlertDraft }[] = [];
  for (const [key, group] of byKey) {
    const result = results.get(key)!;
    for (const r of group) r.result = result;
    if (result.status !== 'ok') continue;
    const own = result.tools!.map((t) => t.name);
    const others = new Set([...results].filter(([k, res]) => k !== key && res.status === 'ok').flatMap(([, res]) => res.tools!.map((t) => t.name)));
    const findings = poisoningFindings(textsOf({ tools: result.tools!, prompts: result.prompts!, resources: result.resources!, instructions: result.instructions }), own, others);
    const pin = opts.pins ? checkPin(opts.pins, key, pinBody(serverLabel(group[0]!.entry), { serverInfo: result.serverInfo!, tools: result.tools!, instructions: result.instructions }), now, opts.repin) : undefined;
    for (const r of group) Object.assign(r, { findings, pin });
    const first = group[0]!.entry;
    for (const d of [pin && rugPullAlert(first, pin), poisoningAlert(first, key, findings)]) if (d) drafts.push({ key, draft: d });
  }
  if (opts.alerts && drafts.length > 0) {
    const saved = await opts.alerts.raise(drafts.map((d) => forTerminal(d.draft)), now);
    drafts.forEach((d, i) => { for (const r of byKey.get(d.key)!) r.alerts.push(saved[i]!); });
  }
  return reports;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < items.length) await work(items[next++]!); };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
