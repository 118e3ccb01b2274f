import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { ZendeskError, zendeskClientFromConfig, ZendeskConfigError } from '../zendesk/index.js';
import { applySetup, type SetupResult } from './setup.js';

/** `npm run setup [-- --dry-run] [-- --repair]`: provisions Zendesk for CES, idempotently. */

const USAGE = `Usage: npm run setup -- [--dry-run] [--repair]
  --dry-run  print what setup would create or change, and change nothing
  --repair   also put back pieces that were edited by hand in Zendesk`;

/** pending: our settings changed and the service updates Zendesk; drifted: someone edited it there. */
const MARKS = {
  ok: 'ok     ',
  missing: 'missing',
  pending: 'pending',
  drifted: 'drifted',
} as const;
const ACTIONS = {
  create: ['will create', 'created'],
  update: ['will update', 'updated'],
  leave_drift: ['left as edited (use --repair)', 'left as edited (use --repair)'],
} as const;

/** The report a person reads after a run. */
export function formatSetupResult(result: SetupResult, dryRun: boolean): string {
  const lines = result.items.map(
    (i) => `  ${MARKS[i.state]}  ${i.title}${i.detail ? ` — ${i.detail}` : ''}`,
  );
  lines.unshift(dryRun ? 'Zendesk today (dry run, nothing changed):' : 'Zendesk now:');
  if (result.changes.length > 0) {
    lines.push('', dryRun ? 'Planned:' : 'Done:');
    for (const c of result.changes) {
      lines.push(`  ${c.title}: ${ACTIONS[c.action][c.done ? 1 : 0]}`);
    }
  }
  lines.push(
    '',
    dryRun
      ? 'Dry run: no request changed Zendesk.'
      : `${result.writes} change${result.writes === 1 ? '' : 's'} sent to Zendesk.`,
  );
  if (!result.ok && !dryRun && result.items.some((i) => i.state === 'drifted')) {
    lines.push('Some pieces still differ: run `npm run setup -- --repair` to put them back.');
  }
  if (dryRun && result.items.some((i) => i.state === 'pending')) {
    lines.push(
      'Pending pieces follow a settings change: setup (or the service by itself) updates them.',
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--dry-run' && a !== '--repair');
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown.join(' ')}\n${USAGE}`);
    return 64; // EX_USAGE
  }
  const dryRun = argv.includes('--dry-run');
  const repair = argv.includes('--repair');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    return 78; // EX_CONFIG
  }
  const db = await openDatabase(config);
  try {
    const zendesk = zendeskClientFromConfig(config, {}, db);
    console.log(`Setting up ${config.zendesk.apiUrl} for ${config.publicUrl}`);
    const result = await applySetup({ db, config, zendesk }, { dryRun, repair });
    console.log(formatSetupResult(result, dryRun));
    return result.ok || dryRun ? 0 : 2;
  } catch (error) {
    if (error instanceof ZendeskError || error instanceof ZendeskConfigError) {
      console.error(`Setup stopped: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('Setup failed:', error);
      process.exit(1);
    },
  );
}
