/**
 * bench/intake: the signed solve webhook and the survey answer POST, measured with autocannon
 * against the real service on a real port, beside a bare Fastify route served by the same process.
 * Runs on PGlite, and on PostgreSQL too when TEST_DATABASE_URL or DATABASE_URL is set.
 * Prints req/s, p50 and p99 latency, and each target's throughput as a ratio of the bare route's.
 *   npm run bench:intake          BENCH_SECONDS=10 BENCH_CONNECTIONS=20 npm run bench:intake
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import type { ReadyMessage } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

interface Figure {
  target: string;
  expected: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  unexpected: number;
  errors: number;
}

function startServer(driver: 'pglite' | 'postgres', postgresUrl: string | null) {
  const child = fork(path.join(__dirname, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_DB: driver,
      BENCH_POSTGRES_URL: postgresUrl ?? '',
      BENCH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<ReadyMessage>((resolve, reject) => {
    child.on('message', (m: { type?: string }) => {
      if (m.type === 'ready') resolve(m as ReadyMessage);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, ready };
}

async function stopServer(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => {
    child.on('message', (m: { type?: string; counts?: unknown }) => {
      if (m.type === 'stopped') resolve(m.counts);
    });
    child.send('stop');
  });
}

async function measure(
  target: string,
  expected: number,
  options: autocannon.Options,
): Promise<Figure> {
  const statuses = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { connections: CONNECTIONS, duration: SECONDS, ...options },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status) =>
      statuses.set(status, (statuses.get(status) ?? 0) + 1),
    );
  });
  const ok = statuses.get(expected) ?? 0;
  const all = [...statuses.values()].reduce((a, b) => a + b, 0);
  return {
    target,
    expected,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    unexpected: all - ok,
    errors: result.errors + result.timeouts,
  };
}

function signedSolve(ticketId: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    type: 'ticket_solved',
    ticket_id: String(ticketId),
    requester_id: String(5_000_000 + ticketId),
    requester_locale: 'nl',
    assignee_id: String(1 + (ticketId % 50)),
    group_id: String(1 + (ticketId % 5)),
    brand_id: '1',
    channel: 'email',
    solved_at: '2026-11-23T10:00:00Z',
    satisfaction: '',
  });
  const timestamp = new Date().toISOString();
  const signature = crypto
    .createHmac('sha256', WEBHOOK_SECRET)
    .update(timestamp + body)
    .digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
  };
}

async function benchDriver(driver: 'pglite' | 'postgres', postgresUrl: string | null) {
  const { child, ready } = startServer(driver, postgresUrl);
  const server = await ready;
  const app = `http://127.0.0.1:${server.appPort}`;
  const figures: Figure[] = [];
  try {
    figures.push(
      await measure('bare Fastify GET /bare', 200, {
        url: `http://127.0.0.1:${server.barePort}/bare`,
      }),
    );

    let nextTicket = 10_000_000;
    figures.push(
      await measure('POST /webhooks/zendesk (signed, new ticket each)', 202, {
        url: app,
        requests: [
          {
            method: 'POST',
            path: '/webhooks/zendesk',
            // A distinct, freshly signed solve per request: every one becomes a survey.
            setupRequest: (request) => ({ ...request, ...signedSolve(nextTicket++) }),
          },
        ],
      }),
    );

    let nextAnswer = 0;
    const tokens = server.tokens;
    figures.push(
      await measure('POST /s/:token (score changes each time)', 303, {
        url: app,
        requests: [
          {
            method: 'POST',
            path: '/s/x',
            setupRequest: (request) => {
              const i = nextAnswer++;
              const token = tokens[i % tokens.length]!;
              const score = 1 + (Math.floor(i / tokens.length) % 7);
              return {
                ...request,
                path: `/s/${token}`,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: `step=score&score=${score}`,
              };
            },
          },
        ],
      }),
    );

    figures.push(
      await measure('GET /s/:token?score=2 (page)', 200, {
        url: app,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: `/s/${tokens[nextAnswer++ % tokens.length]}?score=2`,
            }),
          },
        ],
      }),
    );
  } finally {
    const counts = await stopServer(child);
    console.log(`  rows after the run (${driver}): ${JSON.stringify(counts)}`);
  }
  return { driver: server.driver, figures };
}

function report(driver: string, figures: Figure[]): void {
  const bare = figures[0]!;
  console.log(`\n${driver}: ${CONNECTIONS} connections, ${SECONDS} s per target`);
  console.log(
    `  ${'target'.padEnd(50)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'÷ bare'.padStart(7)}  responses`,
  );
  for (const f of figures) {
    const ratio = f.requestsPerSecond / bare.requestsPerSecond;
    console.log(
      `  ${f.target.padEnd(50)} ${f.requestsPerSecond.toFixed(0).padStart(9)} ${f.p50
        .toFixed(1)
        .padStart(
          7,
        )} ${f.p99.toFixed(1).padStart(7)} ${ratio.toFixed(3).padStart(7)}  ${f.ok} × ${f.expected}${
        f.unexpected ? `, ${f.unexpected} other` : ''
      }${f.errors ? `, ${f.errors} errors` : ''}`,
    );
  }
}

async function main(): Promise<void> {
  const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
  const drivers: Array<'pglite' | 'postgres'> = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];
  if (!postgresUrl)
    console.log('PostgreSQL skipped: set TEST_DATABASE_URL or DATABASE_URL to include it.');
  let failed = false;
  for (const driver of drivers) {
    const { figures } = await benchDriver(driver, postgresUrl);
    report(driver, figures);
    if (figures.some((f) => f.unexpected > 0 || f.errors > 0 || f.ok === 0)) failed = true;
  }
  console.log('\n÷ bare: the target’s req/s as a share of the bare route’s in the same run.');
  if (failed) {
    console.error('Some responses were not the expected status: the figures above are not valid.');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
