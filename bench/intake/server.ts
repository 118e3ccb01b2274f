/**
 * The process under measurement for bench/intake: the real service (buildApp) and a bare Fastify
 * route, each on its own port, over PGlite (a temporary folder) or PostgreSQL (a fresh schema).
 * Started by run.ts with an IPC channel; it reports its ports and survey tokens and waits for "stop".
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import {
  openPglite,
  openPostgres,
  quoteIdent,
  type Database,
} from '../../src/server/db/database.js';
import { migrate } from '../../src/server/db/migrate.js';
import { intakeSolve } from '../../src/server/surveys/intake.js';
import { findSurveyLink } from '../../src/server/surveys/survey-repository.js';

export interface ReadyMessage {
  type: 'ready';
  driver: Database['driver'];
  appPort: number;
  barePort: number;
  tokens: string[];
}

const SURVEYS = Number(process.env.BENCH_SURVEYS ?? 2000);

async function openBenchDatabase(): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  const url = process.env.BENCH_POSTGRES_URL;
  if (process.env.BENCH_DB === 'postgres' && url) {
    const schema = `bench_intake_${crypto.randomBytes(4).toString('hex')}`;
    const db = await openPostgres({ connectionString: url, schema, max: 10 });
    return {
      db,
      cleanup: async () => {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await admin.end();
      },
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ces-bench-intake-'));
  const db = await openPglite(path.join(dir, 'pglite'));
  return { db, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ZENDESK_WEBHOOK_SECRET: process.env.BENCH_WEBHOOK_SECRET ?? 'bench-webhook-secret-0123456789',
    CES_APP_SECRET: 'bench-app-secret-0123456789',
  });
  const { db, cleanup } = await openBenchDatabase();
  await migrate(db);

  // Surveys to answer: made by the same intake the webhook uses, in the answer window.
  const tokens: string[] = [];
  for (let i = 0; i < SURVEYS; i++) {
    const result = await intakeSolve(
      db,
      {
        ticketId: 1_000_000 + i,
        requesterId: 2_000_000 + i,
        requesterLocale: 'en',
        requesterRole: 'end-user',
        assigneeId: 1 + (i % 50),
        groupId: 1 + (i % 5),
        brandId: 1,
        channel: 'email',
        solvedAt: new Date(),
        satisfaction: null,
        tags: [],
      },
      { origin: 'solve' },
    );
    if (result.outcome !== 'created') throw new Error(`bench survey ${i}: ${result.outcome}`);
    const link = await findSurveyLink(db, config, result.surveyId);
    tokens.push(link!.slice(link!.lastIndexOf('/') + 1));
  }

  // The rate limit on /s/* would answer 429 to one address at this pace; it is measured off.
  const app = await buildApp({ config, db, surveyRateLimit: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ status: 'ok' }));
  await bare.listen({ host: '127.0.0.1', port: 0 });

  const portOf = (server: typeof bare.server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  };
  const ready: ReadyMessage = {
    type: 'ready',
    driver: db.driver,
    appPort: portOf(app.server),
    barePort: portOf(bare.server),
    tokens,
  };
  process.send?.(ready);

  process.on('message', (message) => {
    if (message !== 'stop') return;
    void (async () => {
      await app.close();
      await bare.close();
      const counts = await db.query<{ surveys: number; answers: number; jobs: number }>(
        `SELECT (SELECT count(*)::int FROM surveys) AS surveys,
                (SELECT count(*)::int FROM answers) AS answers,
                (SELECT count(*)::int FROM outbox_jobs) AS jobs`,
      );
      process.send?.({ type: 'stopped', counts: counts.rows[0] });
      await db.close();
      await cleanup();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
