/**
 * Provisioning Zendesk: reads Zendesk's state once, then runs one step per kind of piece
 * (steps/: fields, ticket forms, webhooks, dynamic content, triggers) against that snapshot.
 * Each step records its pieces in the run (setup-run.ts) and returns what the next steps need.
 */
import { getSettings } from '../settings/settings-repository.js';
import type { SetupItem } from '../../shared/api-types.js';
import { isScaleId, type ScaleId } from '../../shared/scales.js';
import { loadCatalogs } from '../outbox/catalogs.js';
import { keepAccountTimeZone } from './account-zone.js';
import { TRIGGER_TITLES } from './desired.js';
import type { SetupChange, SetupDeps, SetupOptions, SetupRun, Snapshot } from './setup-run.js';
import { setUpDynamicContent } from './steps/dynamic-content.js';
import { setUpFields } from './steps/fields.js';
import { listTicketForms, setUpTicketForms } from './steps/ticket-forms.js';
import { setUpTriggers } from './steps/triggers.js';
import { setUpWebhooks } from './steps/webhooks.js';
import {
  readFieldIds,
  readTriggerIds,
  readWebhookState,
  readWrittenPrints,
  rememberWrittenPrints,
  saveEmailScale,
  saveSyncRecord,
  type WrittenPrints,
} from './zendesk-state.js';

export type { SetupAction, SetupChange, SetupDeps, SetupOptions } from './setup-run.js';

export interface SetupResult {
  /** Each piece's state: after the run, or as planned for a dry run. */
  items: SetupItem[];
  changes: SetupChange[];
  /** Write requests sent to Zendesk (0 in a dry run, and on a run that found nothing to do). */
  writes: number;
  ok: boolean;
  /** Digests of the pieces that match what CES wants, as Zendesk holds them (fingerprints.ts). */
  matching: WrittenPrints;
  /** The scale the email trigger's links name in Zendesk now; null without such a trigger. */
  emailScaleId: ScaleId | null;
}

/** What Zendesk lacks or has differently from what CES needs; reads only. */
export async function planSetup(deps: SetupDeps): Promise<SetupResult> {
  return run(deps, { repair: false, dryRun: true });
}

/**
 * Creates what is missing and, with `repair`, puts back what was edited by hand. Idempotent: when
 * Zendesk already matches, it sends no write at all.
 */
export async function applySetup(deps: SetupDeps, options: SetupOptions): Promise<SetupResult> {
  const result = await run(deps, options);
  if (options.dryRun) return result;
  // Report the state Zendesk is in now, not the one the run started from.
  const final =
    result.writes === 0
      ? result
      : {
          ...(await run(deps, { repair: false, dryRun: true })),
          changes: result.changes,
          writes: result.writes,
        };
  await rememberWrittenPrints(deps.db, final.matching);
  await saveEmailScale(deps.db, final.emailScaleId);
  await keepAccountTimeZone(deps);
  const drifted = final.items.filter((i) => i.state === 'drifted').map((i) => i.title);
  await saveSyncRecord(deps.db, {
    outcome: drifted.length > 0 ? 'drifted' : 'synced',
    at: new Date().toISOString(),
    drifted,
  });
  return final;
}

async function run(deps: SetupDeps, options: SetupOptions): Promise<SetupResult> {
  const [
    settings,
    fields,
    forms,
    webhooks,
    triggers,
    items,
    locales,
    storedFields,
    storedWebhook,
    storedUserEventsWebhook,
    storedTriggers,
    written,
  ] = await Promise.all([
    getSettings(deps.db),
    deps.zendesk.listTicketFields(),
    listTicketForms(deps.zendesk),
    deps.zendesk.listWebhooks(),
    deps.zendesk.listTriggers(),
    deps.zendesk.listDynamicContentItems(),
    deps.zendesk.listLocales(),
    readFieldIds(deps.db),
    readWebhookState(deps.db),
    readWebhookState(deps.db, 'user_events_webhook'),
    readTriggerIds(deps.db),
    readWrittenPrints(deps.db),
  ]);
  const r: SetupRun = {
    deps,
    options,
    settings,
    catalogs: deps.catalogs ?? loadCatalogs(),
    snapshot: {
      fields,
      forms,
      webhooks,
      triggers,
      items,
      locales,
      storedFields,
      storedWebhook,
      storedUserEventsWebhook,
      storedTriggers,
      written,
    },
    items: [],
    changes: [],
    writes: 0,
    matching: {},
  };
  const { fieldIds, linkCreated } = await setUpFields(r);
  await setUpTicketForms(r, fieldIds.link);
  const { webhookId, solveCreated } = await setUpWebhooks(r);
  await setUpDynamicContent(r);
  await setUpTriggers(r, { fieldIds, webhookId, dependencyCreated: linkCreated || solveCreated });
  return {
    items: r.items,
    changes: r.changes,
    writes: r.writes,
    ok: r.items.every((i) => i.state === 'ok'),
    matching: r.matching,
    emailScaleId: emailScaleOf(r.snapshot),
  };
}

/** The scale named by the links of the email trigger as Zendesk holds it (`?scale=<id>&score=`). */
function emailScaleOf(snapshot: Snapshot): ScaleId | null {
  const trigger =
    snapshot.triggers.find((t) => t.id === snapshot.storedTriggers.email) ??
    snapshot.triggers.find((t) => t.title === TRIGGER_TITLES.email);
  const action = trigger?.actions.find((a) => a.field === 'notification_user');
  const body = Array.isArray(action?.value) ? String(action.value[2] ?? '') : '';
  const named = /[?&]scale=([a-z0-9_]+)&(?:amp;)?score=/.exec(body)?.[1];
  return isScaleId(named) ? named : null;
}
