import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  outboxRetryRoute,
  outboxStatusRoute,
  type OutboxJobView,
  type ReplyOf,
  type RequestOf,
} from '../../../shared/contract/index.js';
import { recordAudit } from '../../access/access-repository.js';
import { accessOf } from '../../access/guard.js';
import { createZendeskBudget } from '../../zendesk/budget.js';
import {
  EXPECTED_CALLS,
  countDueJobs,
  countJobs,
  listJobs,
  retryFailedJob,
  type JobRecord,
} from '../../outbox/outbox-repository.js';
import { routeOf } from './contract-routes.js';

/** How many failed jobs the status lists, newest first. */
const FAILED_SHOWN = 100;

function surveyIdOf(payload: unknown): number | null {
  const id = (payload as { surveyId?: unknown } | null)?.surveyId;
  return typeof id === 'number' ? id : null;
}

function toView(job: JobRecord): OutboxJobView {
  return {
    id: job.id,
    kind: job.kind,
    surveyId: surveyIdOf(job.payload),
    attempts: job.attempts,
    lastError: job.lastError,
    updatedAt: job.updatedAt.toISOString(),
  };
}

/** Parked jobs are only useful when an admin can see them and send them again. */
export async function outboxRoutes(app: FastifyInstance): Promise<void> {
  app.route<RequestOf<typeof outboxStatusRoute>>({
    ...routeOf(outboxStatusRoute),
    config: { capability: 'outbox' },
    handler: async (): Promise<ReplyOf<typeof outboxStatusRoute>> => {
      const counts = await countJobs(app.db);
      const failed = await listJobs(app.db, { status: 'failed', limit: FAILED_SHOWN });
      const budget = await createZendeskBudget(app.db, {
        defaultPerMinute: app.config.zendesk.requestsPerMinute,
      }).state();
      const due = await countDueJobs(app.db);
      const backlogJobs = Object.values(due).reduce((a, b) => a + b, 0);
      const backlogRequests = Object.entries(due).reduce(
        (sum, [kind, n]) => sum + n * (EXPECTED_CALLS[kind as keyof typeof EXPECTED_CALLS] ?? 1),
        0,
      );
      return {
        counts,
        failed: failed.map(toView),
        budget: {
          requestsPerMinute: budget.requestsPerMinute,
          usedLastMinute: budget.usedLastMinute,
          usedThisMinute: budget.usedThisMinute,
          backlogJobs,
          backlogRequests,
          drainSeconds: Math.ceil((backlogRequests / budget.requestsPerMinute) * 60),
        },
      };
    },
  });

  app.route<RequestOf<typeof outboxRetryRoute>>({
    ...routeOf(outboxRetryRoute),
    config: { capability: 'outbox' },
    handler: async (
      request,
      reply: FastifyReply,
    ): Promise<ReplyOf<typeof outboxRetryRoute> | undefined> => {
      const { id } = request.params;
      const jobId = await retryFailedJob(app.db, id);
      if (jobId === null) {
        return reply.status(404).send({
          error: 'not_found',
          message: `Outbox job ${id} is not a failed job: GET /api/v1/outbox lists the failed ones.`,
        });
      }
      request.log.info({ jobId: id, runs: jobId }, 'failed outbox job sent round again');
      const access = accessOf(request);
      await recordAudit(app.db, {
        userId: access.userId,
        userName: access.name,
        action: 'outbox.retry',
        changes: [{ path: `job.${id}`, to: 'retry' }],
      });
      return { jobId };
    },
  });
}
