// `agentwatch alerts ack ID [--this-was-me] [--scope session|project|agent]`: acknowledge an alert; for
// a behavior-anomaly alert, --this-was-me folds what it saw into the agent's baseline for that scope.
import fs from 'node:fs';
import { openDatabase } from '../store/database.js';
import { ackAlert } from '../store/baseline-store.js';
import { stateFiles } from '../state-dir.js';
import { AgentwatchError } from '../../core/errors.js';
import { stateDirOf, type CommonArgs } from './options.js';

export function ackCommand(args: CommonArgs & { id: string; thisWasMe?: boolean; scope?: 'session' | 'project' | 'agent' }): void {
  const file = stateFiles(stateDirOf(args)).db;
  if (!fs.existsSync(file)) throw new AgentwatchError('AW_ERR_NO_DATA', `no database at ${file} yet (has the daemon run?)`);
  const { db } = openDatabase(file);
  try {
    const r = ackAlert(db, args.id, { thisWasMe: args.thisWasMe, scope: args.scope });
    if (!r.ok) throw new AgentwatchError('AW_ERR_ARGS', r.message);
    process.stdout.write(`${args.json ? JSON.stringify(r) : r.message}\n`);
  } finally {
    db.close();
  }
}
