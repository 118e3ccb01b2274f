/**
 * GET /metrics: Prometheus' text format, for a scraper holding CES_METRICS_TOKEN as a bearer
 * token. Without a configured token the route refuses everyone: the public port never shows it.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { ApiError } from '../../shared/api-types.js';
import { bearerToken } from '../auth/session.js';
import type { Queryable } from '../db/database.js';
import { processRegistry } from '../monitoring/metrics.js';
import { outboxDepth, type OutboxDepthRow } from '../outbox/outbox-repository.js';

export const METRICS_PATH = '/metrics';

/** The gauges read from the database at each scrape (registered per app: each has its database). */
function databaseRegistry(db: Queryable): Registry {
  const registry = new Registry();
  let reading: Promise<OutboxDepthRow[]> | null = null;
  // The three gauges collect from one query per scrape.
  const read = () => {
    reading ??= outboxDepth(db).finally(() => {
      setImmediate(() => {
        reading = null;
      });
    });
    return reading;
  };
  // Each gauge registers itself; its collect() fills it at scrape time.
  new Gauge({
    name: 'ces_outbox_jobs',
    help: 'Outbox jobs not done, by kind and state (queued, running, failed = parked).',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) this.set({ kind: row.kind, state: row.status }, row.jobs);
    },
  });
  new Gauge({
    name: 'ces_outbox_oldest_job_age_seconds',
    help: 'Age of the oldest outbox job not done, by kind and state (since it was created).',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) {
        this.set({ kind: row.kind, state: row.status }, row.oldest_seconds);
      }
    },
  });
  new Gauge({
    name: 'ces_outbox_overdue_seconds',
    help: 'How long the most overdue queued job of each kind has been due (0: none is late).',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await read()) {
        if (row.status === 'queued') this.set({ kind: row.kind }, row.overdue_seconds ?? 0);
      }
    },
  });
  return registry;
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, as timingSafeEqual needs, without revealing the length.
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const fromDatabase = databaseRegistry(app.db);
  const token = app.config.metricsToken;

  app.get(METRICS_PATH, async (request, reply) => {
    if (token === null) {
      const body: ApiError = {
        error: 'metrics_disabled',
        message:
          'Metrics are off: set CES_METRICS_TOKEN and scrape with "Authorization: Bearer <token>".',
      };
      return reply.status(403).send(body);
    }
    const given = bearerToken(request.headers.authorization);
    if (given === null || !sameSecret(given, token)) {
      const body: ApiError = {
        error: 'unauthorized',
        message: 'Metrics need "Authorization: Bearer <CES_METRICS_TOKEN>".',
      };
      return reply.status(401).header('WWW-Authenticate', 'Bearer').send(body);
    }
    const text = (await processRegistry.metrics()) + (await fromDatabase.metrics());
    return reply.header('cache-control', 'no-store').type(processRegistry.contentType).send(text);
  });
}
