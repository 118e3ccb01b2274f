import { CLOCK_TOLERANCE_SECONDS } from '../../../src/server/auth/app-token.js';
import { signAppToken } from '../../support/app-token.js';
import { describeEachDatabase } from '../../support/databases.js';
import { openApi, type Api } from '../routes/api/api-harness.js';

describeEachDatabase('an app token from the future', (getDb) => {
  let api: Api;
  beforeAll(async () => {
    api = await openApi(getDb());
  });
  afterAll(async () => {
    await api.close();
  });

  it('gets a 401 that says the token is dated ahead of this server', async () => {
    const token = await signAppToken({ now: new Date(Date.now() + 10 * 60_000) });
    const res = await api.app.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.json()).toEqual({
      error: 'unauthorized',
      message: expect.stringContaining(`more than ${CLOCK_TOLERANCE_SECONDS} seconds ahead`),
    });
  });

  it('is let through within the clock tolerance', async () => {
    const token = await signAppToken({
      now: new Date(Date.now() + (CLOCK_TOLERANCE_SECONDS - 10) * 1000),
    });
    const res = await api.app.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
  });
});
