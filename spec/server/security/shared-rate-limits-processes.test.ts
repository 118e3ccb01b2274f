import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { openPostgres, type Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';
import { freePort } from '../../../src/sandbox/main.js';
import { freshPostgres, waitFor } from '../../e2e/support/environment.js';

const ROOT = path.resolve(__dirname, '../../..');

/** Two replicas behind one load balancer: the same settings, keys and database. */
const ENV = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PUBLIC_URL: 'https://ces.example.test',
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_EMAIL: 'admin@acme.example',
  ZENDESK_API_TOKEN: 'not-a-real-token',
  ZENDESK_WEBHOOK_SECRET: crypto.randomBytes(24).toString('base64url'),
  CES_SESSION_KEY: crypto.randomBytes(32).toString('base64url'),
  ZENDESK_APP_ID: '42',
  ZENDESK_APP_INSTALLATION_ID: '4242',
  CES_WORKER: 'false',
  LOG_LEVEL: 'warn',
  CES_RATE_LIMIT_SURVEY_PER_MINUTE: '4',
  CES_RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3',
};

/**
 * PGlite lives inside one process, so only PostgreSQL can be shared by two: this case needs
 * TEST_DATABASE_URL (CI always sets it; spec/support/databases.ts refuses to run without it there).
 */
const withPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

withPostgres('rate limits shared by two service processes on one PostgreSQL database', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let child: ChildProcess | null = null;
  let output = '';
  let base: string;
  let db: Database;
  let local: FastifyInstance;

  beforeAll(async () => {
    postgres = await freshPostgres(process.env.TEST_DATABASE_URL!);
    const port = await freePort();
    // The other replica: the service's own entry point in a process of its own.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...ENV, PORT: String(port), DATABASE_URL: postgres.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    base = `http://127.0.0.1:${port}`;
    await waitFor(
      'the other replica to answer /healthz',
      async () => {
        if (child?.exitCode !== null) throw new Error(`the service exited early:\n${output}`);
        const res = await fetch(`${base}/healthz`).catch(() => null);
        return res?.status === 200;
      },
      120_000,
    );
    db = await openPostgres({ connectionString: postgres.url, max: 2 });
    await migrate(db);
    local = await buildApp({ config: loadConfig({ ...ENV, PORT: '0' }), db });
  }, 180_000);

  afterAll(async () => {
    await local?.close();
    await db?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await postgres?.drop();
  });

  beforeEach(async () => {
    // Windows are whole minutes: a case must not straddle two, or its count starts over midway.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
  });

  /** One request through the load balancer (it appends the client's address) to a replica. */
  async function send(
    replica: 'child' | 'local',
    client: string,
    request: { method: 'GET'; url: string; headers?: Record<string, string> },
  ): Promise<{ status: number; retryAfter: string | null; body: string }> {
    const headers = { ...request.headers, 'x-forwarded-for': client };
    if (replica === 'child') {
      const res = await fetch(`${base}${request.url}`, { method: request.method, headers });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: await res.text(),
      };
    }
    const res = await local.inject({ ...request, headers, remoteAddress: '10.0.0.1' });
    return {
      status: res.statusCode,
      retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
      body: res.body,
    };
  }

  it('allows the survey page limit once across both processes, not once each', async () => {
    const seen: number[] = [];
    let last = null as Awaited<ReturnType<typeof send>> | null;
    for (const replica of ['child', 'local', 'child', 'local', 'child', 'local'] as const) {
      last = await send(replica, '198.51.100.7', { method: 'GET', url: '/s/unknown-token' });
      seen.push(last.status);
    }
    expect(seen).toEqual([404, 404, 404, 404, 429, 429]);
    expect(Number(last!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(last!.body).toContain('<html lang="en">');
  });

  it('allows the failed sign-in limit once across both processes', async () => {
    const bad = { authorization: 'Bearer not-a-session' };
    const seen: number[] = [];
    let last = null as Awaited<ReturnType<typeof send>> | null;
    for (const replica of ['local', 'child', 'local', 'child'] as const) {
      last = await send(replica, '198.51.100.8', {
        method: 'GET',
        url: '/api/v1/settings',
        headers: bad,
      });
      seen.push(last.status);
    }
    expect(seen).toEqual([401, 401, 401, 429]);
    expect(JSON.parse(last!.body)).toMatchObject({ error: 'too_many_requests' });
    expect(Number(last!.retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
