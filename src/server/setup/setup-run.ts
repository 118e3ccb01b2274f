/**
 * One run of setup: Zendesk's state as read at its start, and the record it keeps as each step
 * settles its pieces (their states, the changes made or planned, the writes sent). Every step
 * (steps/*.ts) gets the run; what one step hands the next is its return value.
 */
import type { SetupItem } from '../../shared/api-types.js';
import type { Settings } from '../../shared/settings.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type {
  DynamicContentItem,
  TicketField,
  TicketForm,
  Trigger,
  Webhook,
  ZendeskClient,
  ZendeskLocale,
} from '../zendesk/index.js';
import type { Catalogs } from './desired.js';
import type { FieldIds, TriggerIds, WebhookState, WrittenPrints } from './zendesk-state.js';

export interface SetupDeps {
  db: Database;
  config: Pick<Config, 'publicUrl'>;
  zendesk: ZendeskClient;
  /** Message catalogs for the email and question texts; read from translations/ by default. */
  catalogs?: Catalogs;
}

export interface SetupOptions {
  /**
   * Also put back pieces someone edited in Zendesk (drift); without it drift is only reported.
   * Pieces that only lag behind our own settings (pending) are updated either way.
   */
  repair: boolean;
  /** Report what would be done without changing anything. */
  dryRun: boolean;
}

export type SetupAction = 'create' | 'update' | 'leave_drift';

export interface SetupChange {
  key: string;
  title: string;
  action: SetupAction;
  /** False in a dry run: the change is only planned. */
  done: boolean;
}

/** Zendesk's own state at the start of a run, read once. */
export interface Snapshot {
  fields: TicketField[];
  /** The account's ticket forms; null where the account has no forms API (Zendesk answered 403/404). */
  forms: TicketForm[] | null;
  webhooks: Webhook[];
  triggers: Trigger[];
  items: DynamicContentItem[];
  locales: ZendeskLocale[];
  storedFields: FieldIds | null;
  storedWebhook: WebhookState | null;
  storedUserEventsWebhook: WebhookState | null;
  storedTriggers: TriggerIds;
  /** What the service last wrote (or found as it wanted) per piece. */
  written: WrittenPrints;
}

export interface SetupRun {
  deps: SetupDeps;
  options: SetupOptions;
  settings: Settings;
  catalogs: Catalogs;
  snapshot: Snapshot;
  /** What the steps record: */
  items: SetupItem[];
  changes: SetupChange[];
  writes: number;
  matching: WrittenPrints;
}

/** A change a piece needs; `repairOnly` changes undo a hand edit and wait for `repair`. */
export interface Fix {
  action: 'create' | 'update';
  repairOnly: boolean;
  apply: () => Promise<void>;
}

/** Records the piece's state and, unless this is a dry run, makes the changes it needs. */
export async function settle(r: SetupRun, item: SetupItem, fixes: Fix[]): Promise<void> {
  r.items.push(item);
  for (const fix of fixes) {
    if (fix.repairOnly && !r.options.repair) {
      r.changes.push({ key: item.key, title: item.title, action: 'leave_drift', done: false });
      continue;
    }
    if (!r.options.dryRun) await fix.apply();
    r.changes.push({
      key: item.key,
      title: item.title,
      action: fix.action,
      done: !r.options.dryRun,
    });
  }
}

export function countWrite<T>(r: SetupRun, request: Promise<T>): Promise<T> {
  r.writes += 1;
  return request;
}

/**
 * A piece that differs from what CES wants: if Zendesk still holds what the service last wrote,
 * our settings moved on (pending, ours to update); otherwise someone edited it (drift). A piece
 * with no record of our last write was set up before the service kept such records (an upgrade):
 * it is taken as ours, so settings reach Zendesk without a repair; an edit made by hand before
 * the upgrade is overwritten once.
 */
export function differs(r: SetupRun, key: string, print: string): 'pending' | 'drifted' {
  const written = r.snapshot.written[key];
  return written === undefined || written === print ? 'pending' : 'drifted';
}

/** The detail line of a piece that differs: what is different, and whose change it is. */
export function differenceDetail(state: 'pending' | 'drifted', what: string[]): string {
  const list = `${what.join('; ')}.`;
  return state === 'pending'
    ? `Our settings changed and Zendesk is not updated yet: ${list}`
    : `Changed in Zendesk by someone: ${list}`;
}

/** Records a piece that matches what CES wants, so a later difference can be judged. */
export function matches(r: SetupRun, key: string, print: string): void {
  r.matching[key] = print;
}
