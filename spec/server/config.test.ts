import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/server/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://ces.example.com',
  DATABASE_URL: 'postgres://ces@db.example.com/ces',
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_EMAIL: 'admin@acme.com',
  ZENDESK_API_TOKEN: 'abc123',
  ZENDESK_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
  CES_SESSION_KEY: 'session-key-0123456789abcdef0123456789',
  ZENDESK_APP_ID: '42',
  ZENDESK_APP_INSTALLATION_ID: '4242',
};

const PEM =
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----';

function errorFor(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the local demo working defaults', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeNull();
    expect(config.zendesk.apiUrl).toBe('http://localhost:3001');
    expect(config.sessionKey.length).toBeGreaterThanOrEqual(16);
  });

  it('reads a complete production configuration', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.zendesk.apiUrl).toBe('https://acme.zendesk.com');
    expect(config.host).toBe('0.0.0.0');
    expect(config.webhookSecret).toBe(PRODUCTION.ZENDESK_WEBHOOK_SECRET);
    expect(config.sessionKey).toBe(PRODUCTION.CES_SESSION_KEY);
    expect(config.zendeskApp).toEqual({ appId: 42, installationId: '4242', publicKey: null });
  });

  it('reads the app installation and a pinned public key (a one-line .env PEM included)', () => {
    const pinned = loadConfig({
      ...PRODUCTION,
      ZENDESK_APP_ID: undefined,
      ZENDESK_APP_PUBLIC_KEY: PEM.replace(/\n/g, '\\n'),
    });
    expect(pinned.zendeskApp).toEqual({ appId: null, installationId: '4242', publicKey: PEM });
    expect(errorFor({ ...PRODUCTION, ZENDESK_APP_PUBLIC_KEY: 'not a key' }).variable).toBe(
      'ZENDESK_APP_PUBLIC_KEY',
    );
    expect(errorFor({ ...PRODUCTION, ZENDESK_APP_ID: undefined }).variable).toBe('ZENDESK_APP_ID');
    expect(errorFor({ ...PRODUCTION, ZENDESK_APP_ID: 'app' }).variable).toBe('ZENDESK_APP_ID');
    expect(errorFor({ ...PRODUCTION, ZENDESK_APP_INSTALLATION_ID: '12a' }).variable).toBe(
      'ZENDESK_APP_INSTALLATION_ID',
    );
    expect(errorFor({ ...PRODUCTION, CES_SESSION_KEY: 'short-session-key-1234' }).variable).toBe(
      'CES_SESSION_KEY',
    );
    // The local demo knows the sandbox's installation.
    expect(loadConfig({}).zendeskApp).toEqual({ appId: 1, installationId: '1', publicKey: null });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/ces' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['ZENDESK_SUBDOMAIN', { ZENDESK_SUBDOMAIN: 'acme.zendesk.com' }],
    ['ZENDESK_EMAIL', { ZENDESK_API_TOKEN: 'abc' }],
    ['ZENDESK_API_TOKEN', { ZENDESK_EMAIL: 'admin@acme.com' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['CES_WORKER', { CES_WORKER: 'yes' }],
    ['ZENDESK_REQUESTS_PER_MINUTE', { ZENDESK_REQUESTS_PER_MINUTE: '0' }],
    ['ZENDESK_REQUESTS_PER_MINUTE', { ZENDESK_REQUESTS_PER_MINUTE: 'lots' }],
  ])('names %s when its value is bad', (variable, env) => {
    expect(errorFor(env).variable).toBe(variable);
    expect(errorFor(env).message).toContain(variable);
  });

  it.each([
    'PUBLIC_URL',
    'ZENDESK_SUBDOMAIN',
    'ZENDESK_API_TOKEN',
    'CES_SESSION_KEY',
    'ZENDESK_APP_INSTALLATION_ID',
  ])('refuses to start in production without %s', (variable) => {
    const env: Record<string, string | undefined> = { ...PRODUCTION, [variable]: undefined };
    if (variable === 'ZENDESK_API_TOKEN') delete env.ZENDESK_EMAIL;
    expect(errorFor(env).variable).toBe(variable);
  });

  it('has no Zendesk credentials of its own: the demo launcher passes the sandbox agent in', () => {
    expect(loadConfig({}).zendesk).toMatchObject({ email: null, apiToken: null, oauthToken: null });
    expect(
      loadConfig({ ZENDESK_EMAIL: 'agent@sandbox.test', ZENDESK_API_TOKEN: 'tok' }).zendesk,
    ).toMatchObject({ email: 'agent@sandbox.test', apiToken: 'tok' });
  });

  it('never accepts the demo secrets or short secrets in production', () => {
    expect(
      errorFor({ ...PRODUCTION, CES_SESSION_KEY: 'demo-session-key-not-for-production' }).variable,
    ).toBe('CES_SESSION_KEY');
    expect(errorFor({ ...PRODUCTION, ZENDESK_WEBHOOK_SECRET: 'short' }).variable).toBe(
      'ZENDESK_WEBHOOK_SECRET',
    );
    // Behind a proxy on the same machine (HOST=127.0.0.1) production still refuses them.
    const local = { ...PRODUCTION, HOST: '127.0.0.1' };
    expect(loadConfig(local).host).toBe('127.0.0.1');
    const app = errorFor({ ...local, CES_SESSION_KEY: 'demo-session-key-not-for-production' });
    expect([app.variable, app.message]).toEqual(['CES_SESSION_KEY', expect.stringMatching(/demo/)]);
    const hook = errorFor({
      ...local,
      ZENDESK_WEBHOOK_SECRET: 'demo-webhook-secret-not-for-production',
    });
    expect([hook.variable, hook.message]).toEqual([
      'ZENDESK_WEBHOOK_SECRET',
      expect.stringMatching(/demo/),
    ]);
    expect(errorFor({ ...PRODUCTION, PUBLIC_URL: 'http://ces.example.com' }).variable).toBe(
      'PUBLIC_URL',
    );
  });

  it('keeps one secret to one job: the webhook secret may not be the session key', () => {
    const same = 'one-secret-for-everything-0123456789';
    for (const env of [{}, PRODUCTION]) {
      const error = errorFor({ ...env, ZENDESK_WEBHOOK_SECRET: same, CES_SESSION_KEY: same });
      expect(error.variable).toBe('ZENDESK_WEBHOOK_SECRET');
      expect(error.message).toContain('CES_SESSION_KEY');
      // The error names the variables, never the value.
      expect(error.message).not.toContain(same);
    }
  });

  it('refuses the public demo secrets when other machines can reach the service', () => {
    expect(errorFor({ HOST: '0.0.0.0' }).variable).toBe('ZENDESK_WEBHOOK_SECRET');
    expect(
      errorFor({
        HOST: '0.0.0.0',
        ZENDESK_WEBHOOK_SECRET: 'my-webhook-secret-0123456789',
      }).variable,
    ).toBe('CES_SESSION_KEY');
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        ZENDESK_WEBHOOK_SECRET: 'my-webhook-secret-0123456789',
        CES_SESSION_KEY: 'my-session-key-0123456789',
      }).host,
    ).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('stops the real start with one message naming the variable', () => {
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://ces.example.com',
      },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('ZENDESK_SUBDOMAIN is missing');
  });
});
