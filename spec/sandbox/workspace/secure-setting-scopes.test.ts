import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { installApp } from '../../../src/sandbox/workspace/zaf/app-installation';
import type { AppRequest, ProxyResponse } from '../../../src/sandbox/workspace/zaf/request-proxy';
import { REQUEST_PROXY_PATH, zafRoutes } from '../../../src/sandbox/workspace/zaf/zaf-routes';

interface Received {
  url: string;
  headers: Record<string, unknown>;
  body: unknown;
}

const VALUES = {
  in_header: 'header-value-1',
  in_url: 'url-value-2',
  in_body: 'body-value-3',
  in_claim: 'claim-value-4',
  signing_key: 'signing-key-value-5-long-enough',
  unscoped: 'unscoped-value-6',
};

function writeManifest(parameters: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaf-scopes-'));
  const file = path.join(dir, 'manifest.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'Scopes', version: '1.0.0', parameters }));
  return file;
}

/** Secure settings as Zendesk scopes them: each is filled in only where its manifest says. */
describe('the sandbox proxy and secure-setting scopes', () => {
  let target: FastifyInstance;
  let sandbox: FastifyInstance;
  let received: Received[] = [];

  beforeAll(async () => {
    // Stands in for the app's backend: records what reached it.
    target = Fastify();
    target.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    target.all('/*', async (request) => {
      received.push({ url: request.url, headers: request.headers, body: request.body });
      return { ok: true };
    });
    await target.listen({ host: '127.0.0.1', port: 0 });
    const targetUrl = `http://127.0.0.1:${(target.server.address() as { port: number }).port}`;

    const manifestPath = writeManifest([
      { name: 'target_url', type: 'url' },
      { name: 'in_header', type: 'text', secure: true, scopes: ['header'] },
      { name: 'in_url', type: 'text', secure: true, scopes: ['url'] },
      { name: 'in_body', type: 'text', secure: true, scopes: ['body'] },
      { name: 'in_claim', type: 'text', secure: true, scopes: ['jwt_claim'] },
      { name: 'signing_key', type: 'text', secure: true, scopes: ['jwt_secret_key'] },
      { name: 'unscoped', type: 'text', secure: true },
    ]);
    sandbox = Fastify();
    await sandbox.register(zafRoutes, {
      installations: [
        installApp({
          manifestPath,
          assetsDir: path.dirname(manifestPath),
          settings: { target_url: targetUrl, ...VALUES },
        }),
      ],
      zendesk: { apiUrl: 'http://127.0.0.1:9', authorization: 'Basic none' },
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    await target?.close();
  });
  beforeEach(() => {
    received = [];
  });

  async function send(options: Omit<AppRequest, 'secure'>): Promise<ProxyResponse> {
    const res = await sandbox.inject({
      method: 'POST',
      url: REQUEST_PROXY_PATH,
      payload: { installationId: 1, options: { secure: true, ...options } },
    });
    return res.json<ProxyResponse>();
  }

  it('fills each secure setting in where its scope allows it', async () => {
    const res = await send({
      url: '{{setting.target_url}}/echo/{{setting.in_url}}?u={{setting.unscoped}}',
      type: 'POST',
      contentType: 'application/json',
      headers: { 'X-Key': '{{setting.in_header}}', Authorization: 'Bearer {{jwt.token}}' },
      data: JSON.stringify({ value: '{{setting.in_body}}' }),
      jwt: {
        secret_key: '{{setting.signing_key}}',
        claims: { value: '{{setting.in_claim}}' },
      },
    });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got?.url).toBe(`/echo/${VALUES.in_url}?u=${VALUES.unscoped}`);
    expect(got?.headers['x-key']).toBe(VALUES.in_header);
    expect(got?.body).toEqual({ value: VALUES.in_body });
    const token = String(got?.headers.authorization).replace('Bearer ', '');
    expect(decodeJwt(token).value).toBe(VALUES.in_claim);
  });

  it.each<[string, string, Omit<AppRequest, 'secure'>]>([
    [
      'a header-scoped setting',
      'in the url',
      { url: '{{setting.target_url}}/{{setting.in_header}}' },
    ],
    [
      'a url-scoped setting',
      'in a header',
      { url: '{{setting.target_url}}/x', headers: { 'X-Key': '{{setting.in_url}}' } },
    ],
    [
      'a body-scoped setting',
      'in the query of a GET',
      { url: '{{setting.target_url}}/x', data: { q: '{{setting.in_body}}' } },
    ],
    [
      'a claim-scoped setting',
      'as the signing key',
      {
        url: '{{setting.target_url}}/x',
        headers: { Authorization: 'Bearer {{jwt.token}}' },
        jwt: { secret_key: '{{setting.in_claim}}' },
      },
    ],
    [
      'a signing key',
      'in a claim',
      {
        url: '{{setting.target_url}}/x',
        headers: { Authorization: 'Bearer {{jwt.token}}' },
        jwt: { secret_key: '{{setting.signing_key}}', claims: { k: '{{setting.signing_key}}' } },
      },
    ],
    [
      'a signing key',
      'in a body',
      { url: '{{setting.target_url}}/x', type: 'POST', data: '{{setting.signing_key}}' },
    ],
    [
      'a signing key',
      'in a header name',
      { url: '{{setting.target_url}}/x', headers: { 'X-{{setting.signing_key}}': '1' } },
    ],
  ])('refuses %s %s, and sends nothing', async (_setting, _where, options) => {
    const res = await send(options);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      error: 'proxy_refused',
      message: expect.stringMatching(/is a secure setting scoped to \w+: it is not filled in in/),
    });
    expect(received).toHaveLength(0);
    for (const value of Object.values(VALUES)) expect(res.body).not.toContain(value);
  });

  it.each<[string, string, number]>([
    ['a host outside the whitelist', 'http://{{setting.unscoped}}.example.com/', 403],
    ['no URL at all', 'x{{setting.unscoped}}', 400],
  ])('names %s without the secure setting filled into it', async (_name, url, status) => {
    const res = await send({ url });
    expect(res.status).toBe(status);
    expect(res.body).not.toContain(VALUES.unscoped);
    expect(received).toHaveLength(0);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown scope', { secure: true, scopes: ['everywhere'] }, /has "everywhere": use header/],
    ['an empty list', { secure: true, scopes: [] }, /must be a non-empty list/],
    ['scopes on a setting that is not secure', { scopes: ['header'] }, /only a secure parameter/],
  ])('refuses a manifest with %s, as Zendesk does', (_name, parameter, message) => {
    const manifestPath = writeManifest([{ name: 'token', type: 'text', ...(parameter as object) }]);
    expect(() =>
      installApp({ manifestPath, assetsDir: path.dirname(manifestPath), settings: {} }),
    ).toThrow(message);
  });
});
