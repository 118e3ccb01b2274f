/** Setup (what Zendesk has and lacks, and creating or repairing it) and the outbox's state. */
import { z } from 'zod';
import { dateTime, idParams, int, nullableInt, nullableStr } from './common.js';
import { errors, route } from './route.js';

/** GET /api/v1/setup — what Zendesk has and lacks; POST /api/v1/setup { repair: true } fixes it. */
export const SetupItem = z
  .object({
    kind: z.enum(['ticket_field', 'ticket_form', 'webhook', 'trigger', 'dynamic_content']),
    key: z.string(),
    title: z.string(),
    /**
     * `pending`: our settings changed and Zendesk still has what the service wrote before (the
     * service updates it by itself); `drifted`: someone changed it in Zendesk (only repair undoes it).
     */
    state: z.enum(['ok', 'missing', 'pending', 'drifted']),
    zendeskId: z.union([int, z.string()]).nullable(),
    detail: nullableStr,
  })
  .meta({ id: 'SetupItem' });
export type SetupItem = z.output<typeof SetupItem>;

export const SetupStatusResponse = z.object({ items: z.array(SetupItem), ok: z.boolean() });
export type SetupStatusResponse = z.output<typeof SetupStatusResponse>;

/** POST /api/v1/setup — the state after the run, and what the run changed. */
export const SetupApplyResponse = SetupStatusResponse.extend({
  changes: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      action: z.enum(['create', 'update', 'leave_drift']),
      done: z.boolean(),
    }),
  ),
  /** Write requests sent to Zendesk (0 when it already matched). */
  writes: int,
});
export type SetupApplyResponse = z.output<typeof SetupApplyResponse>;

/** A job the outbox worker gave up on (or one still waiting), as an admin sees it. */
export const OutboxJobView = z.object({
  id: int,
  kind: z.string(),
  /** The survey the job is for, when its payload names one. */
  surveyId: nullableInt,
  attempts: int,
  lastError: nullableStr,
  updatedAt: dateTime,
});
export type OutboxJobView = z.output<typeof OutboxJobView>;

/** GET /api/v1/outbox — the outbox at a glance, and the failed jobs that wait for a retry. */
export const OutboxStatusResponse = z.object({
  counts: z.object({ queued: int, running: int, done: int, failed: int }),
  failed: z.array(OutboxJobView),
  /** The Zendesk API budget in use, and how long the jobs due now take at that budget. */
  budget: z.object({
    requestsPerMinute: int,
    usedLastMinute: int,
    usedThisMinute: int,
    /** Jobs due now (waiting or running), and the Zendesk requests they are expected to need. */
    backlogJobs: int,
    backlogRequests: int,
    drainSeconds: int,
  }),
});
export type OutboxStatusResponse = z.output<typeof OutboxStatusResponse>;

/** POST /api/v1/outbox/:id/retry — the job that will run (a newer one for the same survey may). */
export const OutboxRetryResponse = z.object({ jobId: int });
export type OutboxRetryResponse = z.output<typeof OutboxRetryResponse>;

export const setupStatusRoute = route({
  method: 'GET',
  url: '/setup',
  tags: ['setup'],
  summary: 'What Zendesk has and lacks for CES (reads only)',
  response: { 200: SetupStatusResponse, ...errors(401, 403, 502, 503) },
});

export const setupApplyRoute = route({
  method: 'POST',
  url: '/setup',
  tags: ['setup'],
  summary: 'Create what is missing; with repair, also put back what was edited by hand',
  body: z
    .strictObject({
      repair: z
        .boolean()
        .default(false)
        .describe('Also put back pieces edited by hand in Zendesk.'),
    })
    .optional(),
  response: { 200: SetupApplyResponse, ...errors(400, 401, 403, 502, 503) },
});

export const outboxStatusRoute = route({
  method: 'GET',
  url: '/outbox',
  tags: ['outbox'],
  summary:
    'Jobs per status, the failed ones with their last error, and the Zendesk API budget in use',
  response: { 200: OutboxStatusResponse, ...errors(401, 403, 503) },
});

export const outboxRetryRoute = route({
  method: 'POST',
  url: '/outbox/:id/retry',
  tags: ['outbox'],
  summary: 'Send a failed job round again, with a fresh set of attempts',
  params: idParams,
  response: { 200: OutboxRetryResponse, ...errors(400, 401, 403, 404, 503) },
});

export const SETUP_ROUTES = [
  setupStatusRoute,
  setupApplyRoute,
  outboxStatusRoute,
  outboxRetryRoute,
] as const;
