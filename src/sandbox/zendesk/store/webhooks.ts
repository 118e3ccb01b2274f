import { randomBytes } from 'node:crypto';
import { notFound } from '../api-error.js';
import type { WebhookRecord } from '../records.js';
import type { Persisted, StoreContext } from './context.js';

export type NewWebhookInput = Omit<
  WebhookRecord,
  'id' | 'created_at' | 'updated_at' | 'created_by' | 'signing_secret'
>;

/** The account's webhooks, each with its signing secret. */
export class Webhooks implements Persisted<WebhookRecord> {
  private readonly byId = new Map<string, WebhookRecord>();

  constructor(
    private readonly ctx: StoreContext,
    /** The API user who creates them (`created_by`). */
    private readonly adminId: () => number,
  ) {}

  list(): WebhookRecord[] {
    return [...this.byId.values()];
  }

  get(id: string): WebhookRecord {
    const webhook = this.byId.get(id);
    if (!webhook) throw notFound();
    return webhook;
  }

  find(id: string): WebhookRecord | null {
    return this.byId.get(id) ?? null;
  }

  create(input: NewWebhookInput): WebhookRecord {
    const at = this.ctx.time();
    const webhook: WebhookRecord = {
      ...input,
      id: newWebhookId(this.ctx.now()),
      created_at: at,
      created_by: String(this.adminId()),
      updated_at: at,
      signing_secret: newSigningSecret(),
    };
    this.byId.set(webhook.id, webhook);
    this.ctx.changed();
    return webhook;
  }

  update(id: string, input: Partial<WebhookRecord>): WebhookRecord {
    const webhook = this.get(id);
    Object.assign(webhook, input, {
      id: webhook.id,
      signing_secret: webhook.signing_secret,
      updated_at: this.ctx.time(),
    });
    this.ctx.changed();
    return webhook;
  }

  delete(id: string): void {
    this.get(id);
    this.byId.delete(id);
    this.ctx.changed();
  }

  resetSecret(id: string): string {
    const webhook = this.get(id);
    webhook.signing_secret = newSigningSecret();
    this.ctx.changed();
    return webhook.signing_secret;
  }

  rows(): WebhookRecord[] {
    return this.list();
  }

  load(rows: WebhookRecord[] | undefined): void {
    this.byId.clear();
    for (const row of rows ?? []) this.byId.set(row.id, row);
  }
}

/** Zendesk webhook ids are ULID-like strings ("01GTXXM6Q9..."). */
function newWebhookId(now: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i += 1) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  for (const byte of randomBytes(16)) rest += alphabet[byte % 32];
  return time + rest;
}

function newSigningSecret(): string {
  return randomBytes(32).toString('base64').replace(/[+/=]/g, '').slice(0, 40);
}
