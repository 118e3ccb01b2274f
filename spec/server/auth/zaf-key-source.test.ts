/**
 * The app's public key, read from Zendesk (GET /api/v2/apps/{app_id}/public_key.pem) with the
 * service's API credentials: cached, re-read once when a signature fails against it (Zendesk
 * rotated the key), and a clear failure, not a refusal of the user, when Zendesk cannot say.
 */
import { loadConfig } from '../../../src/server/config.js';
import {
  verifyZafRequest,
  ZafKeyUnavailableError,
  zafKeySource,
  ZafTokenError,
} from '../../../src/server/auth/zaf-jwt.js';
import { signZafToken, zafTestKeys } from '../../support/zaf-token.js';
import { SANDBOX_CREDENTIALS_ENV } from '../../support/sandbox-credentials.js';

const config = loadConfig({ NODE_ENV: 'test', ZENDESK_APP_ID: '77', ...SANDBOX_CREDENTIALS_ENV });
const expected = { subdomain: 'sandbox', installationId: '1' };

/** A Zendesk that answers public_key.pem with whatever key it holds now, counting the calls. */
function zendeskWithKey(initial: string) {
  const state = { pem: initial, calls: [] as Array<{ url: string; authorization: string }> };
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    state.calls.push({ url: String(url), authorization: headers.get('authorization') ?? '' });
    if (state.pem === '') return new Response('{"error":"down"}', { status: 503 });
    return new Response(state.pem, { status: 200 });
  }) as typeof fetch;
  return { state, fetchImpl };
}

describe("the app's public key from Zendesk", () => {
  it('is read once with the API credentials, then cached', async () => {
    const keys = zafTestKeys();
    const zendesk = zendeskWithKey(keys.publicPem);
    const source = zafKeySource(config, zendesk.fetchImpl);
    for (const userId of [1, 2, 3]) {
      const who = await verifyZafRequest(await signZafToken(keys, { userId }), source, expected);
      expect(who.zendeskUserId).toBe(userId);
    }
    expect(zendesk.state.calls).toEqual([
      {
        url: `${config.zendesk.apiUrl}/api/v2/apps/77/public_key.pem`,
        authorization: expect.stringMatching(/^Basic /),
      },
    ]);
  });

  it('is read again when Zendesk rotated it, at most once a minute', async () => {
    const before = zafTestKeys();
    const after = zafTestKeys();
    const zendesk = zendeskWithKey(before.publicPem);
    let now = 1_000_000;
    const source = zafKeySource(config, zendesk.fetchImpl, () => now);
    await verifyZafRequest(await signZafToken(before), source, expected);
    zendesk.state.pem = after.publicPem;
    now += 61_000;
    const who = await verifyZafRequest(await signZafToken(after, { userId: 5 }), source, expected);
    expect(who.zendeskUserId).toBe(5);
    expect(zendesk.state.calls).toHaveLength(2);
    // A forged token right after does not make the service ask Zendesk again.
    await expect(
      verifyZafRequest(await signZafToken(zafTestKeys()), source, expected),
    ).rejects.toMatchObject({ problem: 'signature' });
    expect(zendesk.state.calls).toHaveLength(2);
  });

  it('says it is unavailable (not that the user is wrong) when Zendesk does not answer', async () => {
    const keys = zafTestKeys();
    const zendesk = zendeskWithKey('');
    const source = zafKeySource(config, zendesk.fetchImpl);
    const attempt = verifyZafRequest(await signZafToken(keys), source, expected);
    await expect(attempt).rejects.toBeInstanceOf(ZafKeyUnavailableError);
    await expect(verifyZafRequest(null, source, expected)).rejects.toBeInstanceOf(ZafTokenError);
  });
});
