/**
 * What the service counts for operators, in Prometheus' terms (prom-client). Counters and the
 * latency histogram live for the process: every part of the service adds to the same ones, and a
 * scrape of any replica shows that replica's share (Prometheus sums them with `sum()`). The
 * outbox gauges are read from the shared database at scrape time (routes/metrics.ts).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IntakeResult } from '../surveys/intake.js';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'ces_' });

/** Every solve webhook delivery, by what became of it. */
export type WebhookOutcome =
  | 'created'
  | 'skipped'
  | 'duplicate'
  | 'bad_signature'
  | 'unsigned'
  | 'bad_body'
  | 'not_configured'
  | 'rate_limited';

export const webhookDeliveries = new Counter({
  name: 'ces_webhook_deliveries_total',
  help: 'Solve webhook deliveries by outcome (created, skipped, duplicate, unsigned, bad_signature, bad_body, not_configured, rate_limited).',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export const surveyDecisions = new Counter({
  name: 'ces_surveys_total',
  help: 'Survey decisions by origin (solve webhook or sent by hand), outcome (created; skipped at intake; skipped_on_confirm: created, then skipped on what Zendesk said of the ticket) and skip reason ("" when created).',
  labelNames: ['origin', 'outcome', 'reason'] as const,
  registers: [processRegistry],
});

export const answersSaved = new Counter({
  name: 'ces_answers_total',
  help: 'Answers posted on the survey page: new (first answer), changed (a later edit or follow-up), unchanged, closed (refused: survey closed), not_found.',
  labelNames: ['change'] as const,
  registers: [processRegistry],
});

export const jobAttempts = new Counter({
  name: 'ces_outbox_job_attempts_total',
  help: 'Outbox job runs started, by job kind.',
  labelNames: ['kind'] as const,
  registers: [processRegistry],
});

export const jobFailures = new Counter({
  name: 'ces_outbox_job_failures_total',
  help: 'Outbox job runs that did not succeed, by kind and what follows: retry (backoff), rate_limited (waits for Retry-After), parked (failed for good).',
  labelNames: ['kind', 'outcome'] as const,
  registers: [processRegistry],
});

export const zendeskRequests = new Counter({
  name: 'ces_zendesk_requests_total',
  help: 'Requests sent to Zendesk\'s API, by method and answered status ("network" when no answer came).',
  labelNames: ['method', 'status'] as const,
  registers: [processRegistry],
});

export const rateLimited = new Counter({
  name: 'ces_rate_limited_total',
  help: 'Requests refused with 429 by this service, by limit (survey, webhook, auth).',
  labelNames: ['limit'] as const,
  registers: [processRegistry],
});

export const requestDuration = new Histogram({
  name: 'ces_http_request_duration_seconds',
  help: 'Time to answer HTTP requests, by method, route pattern (never the raw URL) and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

/** Counts a survey decision by origin, outcome and skip reason (a duplicate decides nothing new). */
export function countDecision(origin: 'solve' | 'manual', result: IntakeResult): void {
  if (result.outcome === 'duplicate') return;
  surveyDecisions.inc({
    origin,
    outcome: result.outcome,
    reason: result.outcome === 'skipped' ? result.reason : '',
  });
}
