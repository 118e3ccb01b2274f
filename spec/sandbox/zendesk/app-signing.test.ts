/**
 * The sandbox signs app page loads as Zendesk does (RS256) and serves the public key where
 * Zendesk does, to authenticated API users; the key survives a restart with the sandbox's state.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importSPKI, jwtVerify } from 'jose';
import { buildSandbox } from '../../../src/sandbox/zendesk/sandbox.js';
import { zafAudience, zafIssuer } from '../../../src/server/auth/zaf-jwt.js';
import { ADMIN_BASIC } from './http.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ces-sandbox-signing-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function publicKeyOf(sandbox: Awaited<ReturnType<typeof buildSandbox>>, auth?: string) {
  return sandbox.app.inject({
    method: 'GET',
    url: '/api/v2/apps/1/public_key.pem',
    headers: auth ? { authorization: auth } : {},
  });
}

describe('the sandbox app signing key', () => {
  it('serves the public key to API users only, and it verifies what the sandbox signs', async () => {
    const sandbox = await buildSandbox({ stateFile: path.join(dir, 'sandbox.json') });
    try {
      expect((await publicKeyOf(sandbox)).statusCode).toBe(401);
      const res = await publicKeyOf(sandbox, ADMIN_BASIC);
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      const token = await sandbox.appSigner.signPageLoad({
        subdomain: 'acme',
        installationId: 5,
        userId: 42,
        location: 'nav_bar',
      });
      const { payload, protectedHeader } = await jwtVerify(
        token,
        await importSPKI(res.body, 'RS256'),
        { issuer: zafIssuer('acme'), audience: zafAudience('acme', '5') },
      );
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload).toMatchObject({ sub: '42', context: { location: 'nav_bar' } });
      expect(payload.exp! - payload.iat!).toBe(300);
    } finally {
      await sandbox.app.close();
    }
  });

  it('keeps its key across restarts, beside the state file, readable by its owner only', async () => {
    const first = await buildSandbox({ stateFile: path.join(dir, 'sandbox.json') });
    const before = first.appSigner.publicPem;
    await first.app.close();
    const second = await buildSandbox({ stateFile: path.join(dir, 'sandbox.json') });
    try {
      expect(second.appSigner.publicPem).toBe(before);
      const file = path.join(dir, 'sandbox-app-key.pem');
      expect(fs.statSync(file).mode & 0o077).toBe(0);
      // The private half is never what the API serves.
      expect((await publicKeyOf(second, ADMIN_BASIC)).body).not.toContain('PRIVATE');
    } finally {
      await second.app.close();
    }
  });
});
