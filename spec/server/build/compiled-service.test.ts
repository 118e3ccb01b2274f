import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { buildService } from '../../../scripts/build-service';
import { freePort } from '../../../src/sandbox/main';
import { freshPostgres, waitFor } from '../../e2e/support/environment';
import pkg from '../../../package.json';

const ROOT = path.resolve(__dirname, '../../..');
const WEBHOOK_SECRET = 'whsec-compiled-service-test-0123456789';

function sign(timestamp: string, body: string): string {
  return crypto
    .createHmac('sha256', WEBHOOK_SECRET)
    .update(timestamp + body)
    .digest('base64');
}

/** Every package the compiled files require by name (node: built-ins aside). */
function requiredPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const code = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const [, spec] of code.matchAll(/require\("([^".][^"]*)"\)/g)) {
      if (spec!.startsWith('node:')) continue;
      const parts = spec!.split('/');
      names.add(spec!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

/**
 * Production runs the compiled service with plain `node` and only the production dependencies:
 * this builds it, starts it with production settings and sends it a signed solve webhook.
 */
describe('the compiled service', () => {
  // Inside the repository, so the compiled code finds node_modules as a deployment would.
  const outDir = path.join(ROOT, 'dist', `service-test-${process.pid}-${Date.now()}`);
  let dataDir: string;
  let postgres: Awaited<ReturnType<typeof freshPostgres>> | null = null;
  let child: ChildProcess | null = null;
  let output = '';

  beforeAll(() => {
    buildService(outDir);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ces-compiled-'));
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await postgres?.drop();
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('needs nothing at run time but the production dependencies', () => {
    const production = new Set(Object.keys(pkg.dependencies));
    const required = [...requiredPackages(outDir)];
    expect(required).toEqual(expect.arrayContaining(['fastify', 'pg']));
    expect(required.filter((name) => !production.has(name))).toEqual([]);
    expect(fs.existsSync(path.join(outDir, 'translations', 'en.json'))).toBe(true);
    expect(fs.readdirSync(path.join(outDir, 'src/server/db/migrations')).length).toBeGreaterThan(0);
  });

  it('starts with NODE_ENV=production, answers the health check and a signed webhook, stops on SIGTERM', async () => {
    const url = process.env.TEST_DATABASE_URL;
    postgres = url ? await freshPostgres(url) : null;
    const port = await freePort();
    child = spawn(process.execPath, [path.join(outDir, 'src/server/server.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: 'https://ces.example.test',
        ...(postgres ? { DATABASE_URL: postgres.url } : { CES_DATA_DIR: dataDir }),
        ZENDESK_SUBDOMAIN: 'acme',
        ZENDESK_EMAIL: 'admin@acme.example',
        ZENDESK_API_TOKEN: 'not-a-real-token',
        ZENDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
        CES_APP_SECRET: crypto.randomBytes(24).toString('base64url'),
        CES_SESSION_KEY: crypto.randomBytes(32).toString('base64url'),
        ZENDESK_APP_ID: '42',
        ZENDESK_APP_INSTALLATION_ID: '4242',
        // No Zendesk here: the outbox job the webhook queues waits in the database.
        CES_WORKER: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;

    const health = await waitFor('the compiled service to answer /healthz', async () => {
      if (child?.exitCode !== null) throw new Error(`the service exited early:\n${output}`);
      const res = await fetch(`${base}/healthz`).catch(() => null);
      return res?.status === 200 ? res.json() : undefined;
    });
    expect(health).toEqual({ status: 'ok' });

    const body = JSON.stringify({
      type: 'ticket_solved',
      ticket_id: '4242',
      requester_id: '51',
      requester_locale: 'nl',
      assignee_id: '61',
      group_id: '',
      brand_id: '',
      channel: 'email',
      solved_at: new Date(Date.now() - 5_000).toISOString(),
      satisfaction: '',
      tags: '',
    });
    const timestamp = new Date().toISOString();
    const res = await fetch(`${base}/webhooks/zendesk`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': sign(timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
        'x-zendesk-webhook-invocation-id': crypto.randomUUID(),
      },
      body,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ outcome: 'created' });
    if (postgres) {
      const db = new Client({ connectionString: postgres.url });
      await db.connect();
      try {
        const { rows } = await db.query('SELECT ticket_id::text AS ticket_id, status FROM surveys');
        expect(rows).toEqual([{ ticket_id: '4242', status: 'pending' }]);
      } finally {
        await db.end();
      }
    }
    const unsigned = await fetch(`${base}/webhooks/zendesk`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
