/**
 * Provisioning Zendesk, one section per kind of piece (fields, webhook, dynamic content, triggers).
 * Kept in one file (~680 lines) on purpose: every section shares the run, its snapshot and the one
 * rule that tells a pending change (our settings) from drift (someone's edit in Zendesk).
 */
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { getSettings } from '../settings/settings-repository.js';
import {
  ZendeskRequestError,
  type DynamicContentItem,
  type TicketField,
  type TicketForm,
  type Trigger,
  type Webhook,
  type WebhookInput,
  type ZendeskClient,
  type ZendeskLocale,
} from '../zendesk/index.js';
import type { SetupItem } from '../../shared/api-types.js';
import { LOCALES, matchLocale, type Locale } from '../../shared/locales.js';
import { isScaleId, type ScaleId } from '../../shared/scales.js';
import type { Settings } from '../../shared/settings.js';
import { loadCatalogs } from '../outbox/catalogs.js';
import { keepAccountTimeZone } from './account-zone.js';
import {
  desiredDynamicContent,
  desiredFields,
  desiredTriggers,
  desiredUserEventsWebhook,
  desiredWebhook,
  hasDriverOptions,
  languageNames,
  mergeDriverOptions,
  TRIGGER_TITLES,
  type Catalogs,
  type DesiredDynamicContent,
  type DesiredField,
  type DesiredTrigger,
  type FieldKey,
} from './desired.js';
import {
  fieldPrint,
  itemPrint,
  normalActions,
  normalConditions,
  triggerPrint,
} from './fingerprints.js';
import {
  readFieldIds,
  readTriggerIds,
  readWebhookState,
  readWrittenPrints,
  rememberWrittenPrints,
  saveEmailScale,
  saveFieldIds,
  saveSyncRecord,
  saveTriggerIds,
  TRIGGER_KEYS,
  saveWebhookState,
  type FieldIds,
  type TriggerIds,
  type WebhookKey,
  type WebhookState,
  type WrittenPrints,
} from './zendesk-state.js';

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

/** Zendesk's own state at the start of a run, read once. */
interface Snapshot {
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

interface Run {
  deps: SetupDeps;
  options: SetupOptions;
  settings: Settings;
  catalogs: Catalogs;
  snapshot: Snapshot;
  items: SetupItem[];
  changes: SetupChange[];
  writes: number;
  /** Ids known so far; pieces created in this run add theirs. */
  fieldIds: Partial<FieldIds>;
  webhookId: string | null;
  /** A piece a trigger points at was created in this run: the trigger must follow it. */
  dependencyCreated: boolean;
  matching: WrittenPrints;
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
  const r: Run = {
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
    fieldIds: {},
    webhookId: null,
    dependencyCreated: false,
    matching: {},
  };
  await setUpFields(r);
  await setUpTicketForms(r);
  await setUpWebhook(r);
  await setUpUserEventsWebhook(r);
  await setUpDynamicContent(r);
  await setUpTriggers(r);
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

/** A change a piece needs; `repairOnly` changes undo a hand edit and wait for `repair`. */
interface Fix {
  action: 'create' | 'update';
  repairOnly: boolean;
  apply: () => Promise<void>;
}

/** Records the piece's state and, unless this is a dry run, makes the changes it needs. */
async function settle(r: Run, item: SetupItem, fixes: Fix[]): Promise<void> {
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

function countWrite<T>(r: Run, request: Promise<T>): Promise<T> {
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
function differs(r: Run, key: string, print: string): 'pending' | 'drifted' {
  const written = r.snapshot.written[key];
  return written === undefined || written === print ? 'pending' : 'drifted';
}

/** The detail line of a piece that differs: what is different, and whose change it is. */
function differenceDetail(state: 'pending' | 'drifted', what: string[]): string {
  const list = `${what.join('; ')}.`;
  return state === 'pending'
    ? `Our settings changed and Zendesk is not updated yet: ${list}`
    : `Changed in Zendesk by someone: ${list}`;
}

/** Records a piece that matches what CES wants, so a later difference can be judged. */
function matches(r: Run, key: string, print: string): void {
  r.matching[key] = print;
}

// ---------------------------------------------------------------------------------- fields

function fieldDrift(field: TicketField, want: DesiredField['input']): string[] {
  const drift: string[] = [];
  if (field.type !== want.type) drift.push(`type is "${field.type}", not "${want.type}"`);
  if (field.title !== want.title) drift.push(`title is "${field.title}"`);
  if (!field.active) drift.push('it is inactive');
  if (
    want.custom_field_options &&
    !hasDriverOptions(field.custom_field_options, want.custom_field_options)
  ) {
    drift.push('it lacks reasons from settings, or names them differently');
  }
  return drift;
}

async function setUpFields(r: Run): Promise<void> {
  const { fields, storedFields } = r.snapshot;
  for (const want of desiredFields(r.settings, r.catalogs)) {
    const storedId = storedFields?.[want.key];
    const existing =
      fields.find((f) => f.id === storedId) ?? fields.find((f) => f.title === want.input.title);
    const base = {
      kind: 'ticket_field' as const,
      key: `field.${want.key}`,
      title: want.input.title,
    };
    if (!existing) {
      // The email trigger links to the link field by id: a new field means a new trigger body.
      if (want.key === 'link') r.dependencyCreated = true;
      await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
        {
          action: 'create',
          repairOnly: false,
          apply: async () => {
            const created = await countWrite(r, r.deps.zendesk.createTicketField(want.input));
            r.fieldIds[want.key] = created.id;
          },
        },
      ]);
      continue;
    }
    r.fieldIds[want.key] = existing.id;
    const drift = fieldDrift(existing, want.input);
    const typeChanged = existing.type !== want.input.type;
    const { type: _type, ...changes } = want.input;
    if (changes.custom_field_options) {
      // Only adds and renames: an option left out would lose its value on every past ticket.
      changes.custom_field_options = mergeDriverOptions(
        existing.custom_field_options,
        changes.custom_field_options,
      );
    }
    const print = fieldPrint(existing);
    const state = drift.length ? (typeChanged ? 'drifted' : differs(r, base.key, print)) : 'ok';
    if (state === 'ok') matches(r, base.key, print);
    await settle(
      r,
      {
        ...base,
        state,
        zendeskId: existing.id,
        detail:
          state === 'ok'
            ? null
            : `${differenceDetail(state, drift)}${typeChanged ? ' Zendesk cannot change the type of a field: delete it in Zendesk, then run setup.' : ''}`,
      },
      drift.length && !typeChanged
        ? [
            {
              action: 'update',
              repairOnly: state === 'drifted',
              apply: async () => {
                await countWrite(r, r.deps.zendesk.updateTicketField(existing.id, changes));
              },
            },
          ]
        : [],
    );
  }
  if (!r.options.dryRun) await storeFieldIds(r);
}

async function storeFieldIds(r: Run): Promise<void> {
  const ids = r.fieldIds;
  if (!ids.link || !ids.score || !ids.driver || !ids.comment) return;
  const next: FieldIds = {
    link: ids.link,
    score: ids.score,
    driver: ids.driver,
    comment: ids.comment,
  };
  const stored = r.snapshot.storedFields;
  if (!stored || (Object.keys(next) as FieldKey[]).some((k) => stored[k] !== next[k])) {
    await saveFieldIds(r.deps.db, next);
  }
}

// ---------------------------------------------------------------------------- ticket forms

/** The account's forms, or null where Zendesk answers that it has none to show (403, 404). */
async function listTicketForms(zendesk: ZendeskClient): Promise<TicketForm[] | null> {
  try {
    return await zendesk.listTicketForms();
  } catch (error) {
    if (error instanceof ZendeskRequestError && (error.status === 403 || error.status === 404))
      return null;
    throw error;
  }
}

/**
 * The survey link field belongs on no ticket form: "The ticket form applied to a ticket determines
 * the fields and data in the ticket" (support.zendesk.com/hc/en-us/articles/4408832861210), so an
 * agent working a ticket does not see a field that is on none, and cannot answer for the customer.
 * A form that has it is reported; repair takes it off (Update Ticket Form, `ticket_field_ids`).
 */
async function setUpTicketForms(r: Run): Promise<void> {
  const linkId = r.fieldIds.link;
  const base = {
    kind: 'ticket_form' as const,
    key: 'forms.link',
    title: 'CES survey link on no ticket form',
  };
  if (linkId === undefined || r.snapshot.forms === null) {
    // No link field yet (it is created off every form), or an account without ticket forms.
    r.items.push({ ...base, state: 'ok', zendeskId: null, detail: null });
    return;
  }
  const holding = r.snapshot.forms.filter((f) => f.ticket_field_ids.includes(linkId));
  if (holding.length === 0) {
    r.items.push({ ...base, state: 'ok', zendeskId: null, detail: null });
    return;
  }
  const names = holding.map((f) => `"${f.name}"`).join(', ');
  await settle(
    r,
    {
      ...base,
      state: 'drifted',
      zendeskId: holding[0]!.id,
      detail: `The field is on the ticket form${holding.length > 1 ? 's' : ''} ${names}: agents who open those tickets can read the customer's survey link and answer for the customer. Repair takes it off (Admin Center → Objects and rules → Tickets → Forms does the same).`,
    },
    [
      {
        action: 'update',
        repairOnly: true,
        apply: async () => {
          for (const form of holding) {
            await countWrite(
              r,
              r.deps.zendesk.updateTicketForm(form.id, {
                ticket_field_ids: form.ticket_field_ids.filter((id) => id !== linkId),
              }),
            );
          }
        },
      },
    ],
  );
}

// --------------------------------------------------------------------------------- webhook

interface WebhookSpec {
  /** The setup item's key. */
  key: 'webhook.solve' | 'webhook.userEvents';
  want: WebhookInput;
  stored: WebhookState | null;
  /** Where the service keeps the webhook's id and signing secret. */
  stateKey: WebhookKey;
  /** What the drift says when a wanted subscription is missing. */
  subscriptionDrift: string;
}

async function setUpWebhook(r: Run): Promise<void> {
  r.webhookId = await setUpOneWebhook(r, {
    key: 'webhook.solve',
    want: desiredWebhook(r.deps.config),
    stored: r.snapshot.storedWebhook,
    stateKey: 'webhook',
    subscriptionDrift: 'it is not subscribed to trigger events',
  });
}

/** Zendesk's user-deleted event reaches the service through its own webhook (no trigger uses it). */
async function setUpUserEventsWebhook(r: Run): Promise<void> {
  await setUpOneWebhook(r, {
    key: 'webhook.userEvents',
    want: desiredUserEventsWebhook(r.deps.config),
    stored: r.snapshot.storedUserEventsWebhook,
    stateKey: 'user_events_webhook',
    subscriptionDrift: 'it is not subscribed to the user-deleted event',
  });
}

/** Creates or checks one webhook and keeps the service's copy of its secret; returns its id. */
async function setUpOneWebhook(r: Run, spec: WebhookSpec): Promise<string | null> {
  const { want, stored } = spec;
  const { webhooks } = r.snapshot;
  const existing =
    webhooks.find((w) => w.id === stored?.id) ?? webhooks.find((w) => w.name === want.name);
  const base = { kind: 'webhook' as const, key: spec.key, title: want.name };
  if (!existing) {
    let createdId: string | null = null;
    if (spec.key === 'webhook.solve') r.dependencyCreated = true;
    await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
      {
        action: 'create',
        repairOnly: false,
        apply: async () => {
          const created = await countWrite(r, r.deps.zendesk.createWebhook(want));
          createdId = created.id;
          if (spec.key === 'webhook.solve') r.webhookId = created.id;
          await storeSigningSecret(r, created.id, spec.stateKey);
        },
      },
    ]);
    return createdId;
  }
  const drift: string[] = [];
  if (existing.endpoint !== want.endpoint) drift.push(`it calls ${existing.endpoint}`);
  if (existing.http_method !== want.http_method)
    drift.push(`its method is ${existing.http_method}`);
  if (existing.request_format !== want.request_format) {
    drift.push(`its format is ${existing.request_format}`);
  }
  if (existing.status !== want.status) drift.push(`it is ${existing.status}`);
  if (!want.subscriptions.every((s) => existing.subscriptions.includes(s))) {
    drift.push(spec.subscriptionDrift);
  }
  if (existing.name !== want.name) drift.push(`it is named "${existing.name}"`);
  // The service's copy of the secret is the service's to fix, on every run: no change to Zendesk.
  const secret = (await r.deps.zendesk.getWebhookSigningSecret(existing.id)).secret;
  const secretStale = stored?.id !== existing.id || stored.signingSecret !== secret;
  if (secretStale && !r.options.dryRun) {
    await saveWebhookState(r.deps.db, { id: existing.id, signingSecret: secret }, spec.stateKey);
  }
  const detail = [
    ...drift,
    ...(secretStale && r.options.dryRun
      ? ['the service has not stored its current signing secret (setup stores it)']
      : []),
  ];
  await settle(
    r,
    {
      ...base,
      state: detail.length ? 'drifted' : 'ok',
      zendeskId: existing.id,
      detail: detail.length ? `${detail.join('; ')}.` : null,
    },
    drift.length
      ? [
          {
            action: 'update',
            repairOnly: true,
            apply: async () => {
              await countWrite(r, r.deps.zendesk.updateWebhook(existing.id, want));
            },
          },
        ]
      : [],
  );
  return existing.id;
}

async function storeSigningSecret(r: Run, webhookId: string, stateKey: WebhookKey): Promise<void> {
  const secret = await r.deps.zendesk.getWebhookSigningSecret(webhookId);
  await saveWebhookState(r.deps.db, { id: webhookId, signingSecret: secret.secret }, stateKey);
}

// ------------------------------------------------------------------------- dynamic content

/** Our locales that the account has enabled, with Zendesk's locale id for each. */
function localeIds(locales: ZendeskLocale[]): Map<Locale, number> {
  const ids = new Map<Locale, number>();
  const preferred: Partial<Record<Locale, string>> = { en: 'en-us', pt: 'pt-br' };
  for (const locale of LOCALES) {
    const candidates = locales.filter((z) => matchLocale(z.locale) === locale);
    const pick =
      candidates.find((z) => z.locale.toLowerCase() === locale) ??
      candidates.find((z) => z.locale.toLowerCase() === preferred[locale]) ??
      candidates[0];
    if (pick) ids.set(locale, pick.id);
  }
  return ids;
}

async function setUpDynamicContent(r: Run): Promise<void> {
  const ids = localeIds(r.snapshot.locales);
  const defaultLocale: Locale = ids.has('en') ? 'en' : ([...ids.keys()][0] ?? 'en');
  const defaultId = ids.get(defaultLocale);
  for (const want of desiredDynamicContent(r.settings, r.catalogs)) {
    const base = { kind: 'dynamic_content' as const, key: `dc.${want.name}`, title: want.title };
    if (defaultId === undefined) {
      r.items.push({
        ...base,
        state: 'missing',
        zendeskId: null,
        detail: `None of ${LOCALES.join(', ')} is enabled in this Zendesk account: enable at least English.`,
      });
      continue;
    }
    const existing = r.snapshot.items.find((i) => i.name === want.name);
    if (!existing) {
      await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
        {
          action: 'create',
          repairOnly: false,
          apply: () => createItem(r, want, ids, defaultLocale, defaultId),
        },
      ]);
      continue;
    }
    await inspectItem(r, want, existing, ids, base);
  }
}

async function createItem(
  r: Run,
  want: DesiredDynamicContent,
  ids: Map<Locale, number>,
  defaultLocale: Locale,
  defaultId: number,
): Promise<void> {
  const variants = [...ids].map(([locale, id]) => ({
    locale_id: id,
    content: want.content[locale],
    active: true,
    default: locale === defaultLocale,
  }));
  await countWrite(
    r,
    r.deps.zendesk.createDynamicContentItem({
      name: want.name,
      default_locale_id: defaultId,
      variants,
    }),
  );
}

async function inspectItem(
  r: Run,
  want: DesiredDynamicContent,
  existing: DynamicContentItem,
  ids: Map<Locale, number>,
  base: Pick<SetupItem, 'kind' | 'key' | 'title'>,
): Promise<void> {
  const missing: Array<[Locale, number]> = [];
  const edited: Array<[Locale, number]> = [];
  for (const [locale, id] of ids) {
    const variant = existing.variants.find((v) => v.locale_id === id);
    if (!variant) missing.push([locale, id]);
    else if (variant.content !== want.content[locale] || !variant.active) {
      edited.push([locale, variant.id]);
    }
  }
  const print = itemPrint(existing, [...ids.values()]);
  const changed = edited.length ? differs(r, base.key, print) : null;
  if (!missing.length && !edited.length) matches(r, base.key, print);
  const detail = [
    ...(missing.length ? [`no text for ${missing.map(([l]) => l).join(', ')}`] : []),
    ...(edited.length
      ? [
          differenceDetail(changed ?? 'drifted', [
            `the text for ${edited.map(([l]) => l).join(', ')} differs`,
          ]),
        ]
      : []),
  ];
  const fixes: Fix[] = [];
  // A language the account enabled after the last setup: adding it undoes nobody's edit.
  if (missing.length) {
    fixes.push({
      action: 'update',
      repairOnly: false,
      apply: async () => {
        for (const [locale, id] of missing) {
          await countWrite(
            r,
            r.deps.zendesk.createDynamicContentVariant(existing.id, {
              locale_id: id,
              content: want.content[locale],
              active: true,
            }),
          );
        }
      },
    });
  }
  if (edited.length) {
    fixes.push({
      action: 'update',
      repairOnly: changed === 'drifted',
      apply: async () => {
        for (const [locale, variantId] of edited) {
          await countWrite(
            r,
            r.deps.zendesk.updateDynamicContentVariant(existing.id, variantId, {
              content: want.content[locale],
              active: true,
            }),
          );
        }
      },
    });
  }
  await settle(
    r,
    {
      ...base,
      state: changed ?? (missing.length ? 'missing' : 'ok'),
      zendeskId: existing.id,
      detail: detail.length ? detail.join(' ') : null,
    },
    fixes,
  );
}

// -------------------------------------------------------------------------------- triggers

function triggerDrift(existing: Trigger, want: DesiredTrigger): string[] {
  const drift: string[] = [];
  if (existing.title !== want.title) drift.push(`it is named "${existing.title}"`);
  if (existing.active !== want.active)
    drift.push(existing.active ? 'it is active' : 'it is inactive');
  if (
    normalConditions(existing.conditions.all) !== normalConditions(want.conditions.all) ||
    normalConditions(existing.conditions.any) !== normalConditions(want.conditions.any)
  ) {
    drift.push('its conditions were changed');
  }
  if (normalActions(existing.actions) !== normalActions(want.actions)) {
    drift.push('its actions differ');
  }
  return drift;
}

async function setUpTriggers(r: Run): Promise<void> {
  const linkFieldId = r.fieldIds.link;
  const webhookId = r.webhookId;
  // In a dry run, pieces still to be created have no id yet: triggers that need them are compared
  // against a placeholder that no existing trigger can match.
  const wanted = desiredTriggers(r.settings, r.catalogs, {
    webhookId: webhookId ?? '(to be created)',
    linkFieldId: linkFieldId ?? 0,
    // The button email's `when` values: the language names of the account's locales.
    languages: languageNames(r.snapshot.locales),
    fields: r.fieldIds,
  });
  const ids: TriggerIds = {};
  for (const want of wanted) {
    const storedId = r.snapshot.storedTriggers[want.key];
    const existing =
      r.snapshot.triggers.find((t) => t.id === storedId) ??
      r.snapshot.triggers.find((t) => t.title === want.title);
    if (existing) ids[want.key] = existing.id;
    const base = { kind: 'trigger' as const, key: `trigger.${want.key}`, title: want.title };
    const input = {
      title: want.title,
      description: want.description,
      active: want.active,
      conditions: want.conditions,
      actions: want.actions,
    };
    if (!existing) {
      await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
        {
          action: 'create',
          repairOnly: false,
          apply: async () => {
            ids[want.key] = (await countWrite(r, r.deps.zendesk.createTrigger(input))).id;
          },
        },
      ]);
      continue;
    }
    const drift = triggerDrift(existing, want);
    // Pointing at a field or webhook this run creates is part of creating them, not a repair.
    const follows = drift.length > 0 && r.dependencyCreated && want.key !== 'followUp';
    const print = triggerPrint(existing);
    const state = drift.length ? differs(r, base.key, print) : 'ok';
    if (state === 'ok') matches(r, base.key, print);
    await settle(
      r,
      {
        ...base,
        state,
        zendeskId: existing.id,
        detail:
          state === 'ok'
            ? null
            : follows
              ? 'It must point at the field or webhook this setup creates.'
              : differenceDetail(state, drift),
      },
      drift.length
        ? [
            {
              action: 'update',
              repairOnly: state === 'drifted' && !follows,
              apply: async () => {
                await countWrite(r, r.deps.zendesk.updateTrigger(existing.id, input));
              },
            },
          ]
        : [],
    );
  }
  const stored = r.snapshot.storedTriggers;
  const changed = TRIGGER_KEYS.some((k) => stored[k] !== ids[k]);
  if (!r.options.dryRun && changed) await saveTriggerIds(r.deps.db, ids);
}
