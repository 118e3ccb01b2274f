import { createHmac } from 'node:crypto';
import type { DeliveryRecord } from './records.js';
import type { SandboxStore } from './store.js';
import { isoTime } from './store/context.js';
import { SANDBOX_ACCOUNT_ID } from './user-events.js';

/**
 * Delivers trigger webhooks the way Zendesk does: asynchronously after the ticket update,
 * signed with the webhook's secret, with Zendesk's documented retries (409 up to 3 times; 429
 * and 503 whose Retry-After is at most 60 s; timeouts up to 5 times). Guesses: refused
 * connections are retried like timeouts; the pause before a 409/timeout retry is not documented
 * (`retryDelayMs`, doubled each time); every other failure is final.
 */
export { SANDBOX_ACCOUNT_ID };
const MAX_409_RETRIES = 3;
const MAX_TIMEOUT_RETRIES = 5;
const MAX_RETRY_AFTER_SECONDS = 60;
const MAX_RATE_LIMIT_RETRIES = 5;

export interface DispatcherOptions {
  /** Zendesk gives up on a webhook request after 12 seconds. */
  timeoutMs?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** base64(HMAC-SHA256(secret, timestamp + body)): Zendesk's webhook signature. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + body)
    .digest('base64');
}

export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: SandboxStore,
    options: DispatcherOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 12_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Starts delivering in the background; the ticket update has already been answered. */
  enqueue(delivery: DeliveryRecord): void {
    if (this.closed) return;
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(delivery))
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Resolves once every queued delivery (and its retries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops new deliveries and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async deliver(delivery: DeliveryRecord): Promise<void> {
    let conflicts = 0;
    let timeouts = 0;
    let limited = 0;
    for (;;) {
      const webhook = this.store.webhooks.find(delivery.webhook_id);
      if (!webhook || this.closed) {
        delivery.status = 'failed';
        this.store.changed();
        return;
      }
      const timestamp = isoTime(this.store.now());
      const headers: Record<string, string> = {
        'Content-Type':
          webhook.request_format === 'json'
            ? 'application/json'
            : webhook.request_format === 'xml'
              ? 'application/xml'
              : 'application/x-www-form-urlencoded',
        'User-Agent': 'Zendesk Webhook',
        'X-Zendesk-Account-Id': SANDBOX_ACCOUNT_ID,
        'X-Zendesk-Webhook-Id': webhook.id,
        'X-Zendesk-Webhook-Invocation-Id': delivery.invocation_id,
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
        'X-Zendesk-Webhook-Signature': signWebhook(
          webhook.signing_secret,
          timestamp,
          delivery.body,
        ),
        ...webhook.custom_headers,
      };
      const hasBody = !['GET', 'DELETE'].includes(delivery.method);
      let status: number | null = null;
      let error: string | null = null;
      let retryAfter: number | null = null;
      try {
        const response = await fetch(delivery.endpoint, {
          method: delivery.method,
          headers,
          body: hasBody ? delivery.body : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        status = response.status;
        const header = response.headers.get('retry-after');
        retryAfter = header !== null && /^\d+$/.test(header) ? Number(header) : null;
        await response.arrayBuffer().catch(() => undefined);
      } catch (caught) {
        const failure = caught as { name?: string; cause?: unknown };
        error = failure.name === 'TimeoutError' ? 'timeout' : String(failure.cause ?? caught);
      }
      delivery.attempts.push({ at: timestamp, status, error });
      this.store.changed();
      if (status !== null && status >= 200 && status < 300) {
        delivery.status = 'delivered';
        this.store.changed();
        return;
      }
      let waitMs: number | null = null;
      if (status === 409 && conflicts < MAX_409_RETRIES) {
        conflicts += 1;
        waitMs = this.retryDelayMs * 2 ** (conflicts - 1);
      } else if (
        (status === 429 || status === 503) &&
        retryAfter !== null &&
        retryAfter <= MAX_RETRY_AFTER_SECONDS &&
        limited < MAX_RATE_LIMIT_RETRIES
      ) {
        limited += 1;
        waitMs = retryAfter * 1000;
      } else if (status === null && timeouts < MAX_TIMEOUT_RETRIES) {
        timeouts += 1;
        waitMs = this.retryDelayMs * 2 ** (timeouts - 1);
      }
      if (waitMs === null) {
        delivery.status = 'failed';
        this.store.changed();
        return;
      }
      await this.sleep(waitMs);
    }
  }
}
