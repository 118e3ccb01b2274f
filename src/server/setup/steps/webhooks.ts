import type { WebhookInput } from '../../zendesk/index.js';
import { desiredUserEventsWebhook, desiredWebhook } from '../desired.js';
import { countWrite, settle, type SetupRun } from '../setup-run.js';
import { saveWebhookState, type WebhookKey, type WebhookState } from '../zendesk-state.js';

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

/** What the webhooks step hands on: the solve webhook's id (null until created), and whether it is new. */
export interface WebhooksOutcome {
  webhookId: string | null;
  /** The triggers call the solve webhook by id: a new one means new trigger actions. */
  solveCreated: boolean;
}

/**
 * The solve webhook (triggers call it) and the user-events webhook (Zendesk's user-deleted event,
 * no trigger uses it); the service keeps each one's signing secret.
 */
export async function setUpWebhooks(r: SetupRun): Promise<WebhooksOutcome> {
  const solve = await setUpOneWebhook(r, {
    key: 'webhook.solve',
    want: desiredWebhook(r.deps.config),
    stored: r.snapshot.storedWebhook,
    stateKey: 'webhook',
    subscriptionDrift: 'it is not subscribed to trigger events',
  });
  await setUpOneWebhook(r, {
    key: 'webhook.userEvents',
    want: desiredUserEventsWebhook(r.deps.config),
    stored: r.snapshot.storedUserEventsWebhook,
    stateKey: 'user_events_webhook',
    subscriptionDrift: 'it is not subscribed to the user-deleted event',
  });
  return { webhookId: solve.id, solveCreated: solve.created };
}

/**
 * Creates or checks one webhook and keeps the service's copy of its secret; returns its id (null
 * when it is still to be created: a dry run) and whether it was missing.
 */
async function setUpOneWebhook(
  r: SetupRun,
  spec: WebhookSpec,
): Promise<{ id: string | null; created: boolean }> {
  const { want, stored } = spec;
  const { webhooks } = r.snapshot;
  const existing =
    webhooks.find((w) => w.id === stored?.id) ?? webhooks.find((w) => w.name === want.name);
  const base = { kind: 'webhook' as const, key: spec.key, title: want.name };
  if (!existing) {
    let createdId: string | null = null;
    await settle(r, { ...base, state: 'missing', zendeskId: null, detail: null }, [
      {
        action: 'create',
        repairOnly: false,
        apply: async () => {
          const created = await countWrite(r, r.deps.zendesk.createWebhook(want));
          createdId = created.id;
          await storeSigningSecret(r, created.id, spec.stateKey);
        },
      },
    ]);
    return { id: createdId, created: true };
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
  return { id: existing.id, created: false };
}

async function storeSigningSecret(
  r: SetupRun,
  webhookId: string,
  stateKey: WebhookKey,
): Promise<void> {
  const secret = await r.deps.zendesk.getWebhookSigningSecret(webhookId);
  await saveWebhookState(r.deps.db, { id: webhookId, signingSecret: secret.secret }, stateKey);
}
