import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sandboxClient, startSandbox, type RunningSandbox } from '../loop/sandbox-harness.js';
import { SANDBOX_CREDENTIALS_ENV } from '../../support/sandbox-credentials.js';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs still going; a test that gave up must not leave one behind to hold the jest worker open. */
const running = new Set<ChildProcess>();

function runSetup(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      TSX,
      ['src/server/setup/cli.ts', ...args],
      // Killed before the test's own 60 s: the test then fails with the run's output.
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 50_000 },
      (error, stdout, stderr) => {
        running.delete(child);
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    running.add(child);
  });
}

describe('npm run setup', () => {
  let zd: RunningSandbox;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    zd = await startSandbox();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ces-setup-cli-'));
    env = {
      NODE_ENV: 'development',
      PUBLIC_URL: 'https://ces.example.test',
      ZENDESK_API_URL: zd.url,
      ...SANDBOX_CREDENTIALS_ENV,
      CES_DATA_DIR: path.join(dataDir, 'pglite'),
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await zd.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('prints the plan on --dry-run and changes nothing', async () => {
    const run = await runSetup(['--dry-run'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('missing  CES survey link');
    expect(run.stdout).toContain('CES: survey on solve: will create');
    expect(run.stdout).toContain('Dry run: no request changed Zendesk.');
    expect(zd.writes()).toEqual([]);
  }, 60_000);

  it('creates everything, then finds nothing to do on the second run', async () => {
    const first = await runSetup([], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\d+ changes sent to Zendesk\./);
    expect(first.stdout).not.toContain('missing');
    const writes = zd.writes().length;
    expect(writes).toBeGreaterThan(0);

    const second = await runSetup([], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 changes sent to Zendesk.');
    expect(zd.writes()).toHaveLength(writes);
  }, 120_000);

  it('exits 2 and points at --repair while hand edits remain, and repairs them when asked', async () => {
    // An admin switches the email trigger off in Zendesk.
    const client = sandboxClient(zd.url);
    const email = (await client.listTriggers()).find((t) => t.title === 'CES: email survey link')!;
    await client.updateTrigger(email.id, { active: false });

    const left = await runSetup([], env);
    expect(left.code).toBe(2);
    expect(left.stdout).toContain(
      'drifted  CES: email survey link — Changed in Zendesk by someone: it is inactive.',
    );
    expect(left.stdout).toContain('npm run setup -- --repair');

    const repaired = await runSetup(['--repair'], env);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain('CES: email survey link: updated');
  }, 120_000);

  it('rejects an unknown option with its usage', async () => {
    const run = await runSetup(['--force'], env);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('Unknown option --force');
    expect(run.stderr).toContain('--dry-run');
  }, 60_000);
});
