import type { InjectOptions } from 'fastify';
import { describeEachDatabase } from '../../support/databases.js';
import { apiForSuite } from '../routes/api/api-harness.js';

/** What a proxy might have filled into a request: no error may hand it back (and no log redaction hides it). */
const SECRET = 'shh.the~app.secret!4711';
const NUL = '\u0000';

describeEachDatabase('what errors say about the request', (getDb) => {
  const api = apiForSuite(getDb);

  const json = (method: InjectOptions['method'], url: string, payload: string) =>
    api().call({ method, url, headers: { 'content-type': 'application/json' }, payload });

  it.each<[string, () => Promise<{ statusCode: number; body: string }>, number]>([
    ['a 404 path', () => api().get(`/${SECRET}`), 404],
    ['a 404 query', () => api().get(`/nothing?x=${SECRET}`), 404],
    ['a 404 path under the API', () => api().get(`/api/v1/nothing/${SECRET}?q=${SECRET}`), 404],
    [
      'a 404 method',
      () => api().call({ method: 'DELETE', url: `/api/v1/settings?${SECRET}` }),
      404,
    ],
    ['a malformed URL', () => api().get(`/${SECRET}%`), 400],
    [
      'a body key a schema refuses',
      () =>
        json('PUT', '/api/v1/settings', JSON.stringify({ questionOverrides: { [SECRET]: {} } })),
      400,
    ],
    [
      'a settings key that is no language',
      () =>
        json('PUT', '/api/v1/settings', JSON.stringify({ questionOverrides: { [SECRET]: 'Hi' } })),
      422,
    ],
    [
      'a nested body key a schema refuses',
      () =>
        json(
          'PUT',
          '/api/v1/settings',
          JSON.stringify({ customDriverLabels: { [SECRET]: { en: [] } } }),
        ),
      400,
    ],
    [
      'a NUL under a body key',
      () =>
        json('PUT', '/api/v1/settings', JSON.stringify({ questionOverrides: { [SECRET]: NUL } })),
      400,
    ],
    [
      'a NUL in a query key',
      () => api().get(`/api/v1/report?${SECRET}${encodeURIComponent(NUL)}=1`),
      400,
    ],
    ['broken JSON', () => json('PUT', '/api/v1/settings', `{"companyName": "${SECRET}`), 400],
    [
      'an unknown content type',
      () =>
        api().call({
          method: 'PUT',
          url: '/api/v1/settings',
          headers: { 'content-type': `text/${SECRET}` },
          payload: SECRET,
        }),
      415,
    ],
    ['a survey link that is not one', () => api().get(`/s/${SECRET}?t=${SECRET}`), 404],
  ])('%s is answered without repeating it', async (_name, send, status) => {
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(res.body).not.toContain(SECRET);
    expect(res.body.toLowerCase()).not.toContain(SECRET.toLowerCase());
    expect(res.body).not.toContain(encodeURIComponent(SECRET));
  });

  it('still names the field of a schema violation, in the schema’s words', async () => {
    const res = await json(
      'PUT',
      '/api/v1/settings',
      JSON.stringify({ questionOverrides: { [SECRET]: {} } }),
    );
    expect(res.json()).toEqual({
      error: 'invalid_request',
      message: expect.stringMatching(/^body\/questionOverrides\/\* must be string\. See GET/),
    });
    const nul = await json(
      'PUT',
      '/api/v1/settings',
      JSON.stringify({ questionOverrides: { [SECRET]: NUL } }),
    );
    expect(nul.json()).toEqual({
      error: 'invalid_request',
      message: 'body/questionOverrides/* contains a NUL character: send it without one.',
    });
  });

  it('answers a 404 in fixed words', async () => {
    const res = await api().get('/no/such/page?x=1');
    expect(res.json()).toEqual({ error: 'not_found', message: expect.any(String) });
    expect(res.json()).toEqual((await api().get('/other')).json());
  });

  it.each<[string, InjectOptions]>([
    ['JSON', { method: 'GET', url: '/api/v1/settings' }],
    ['the API description', { method: 'GET', url: '/api/v1/openapi.json' }],
    ['CSV', { method: 'GET', url: '/api/v1/report.csv' }],
    ['a health check', { method: 'GET', url: '/healthz' }],
    ['a script', { method: 'GET', url: '/s/assets/confirm.js' }],
    ['a survey page error', { method: 'GET', url: `/s/${'x'.repeat(43)}` }],
    ['a 401', { method: 'GET', url: '/api/v1/settings', headers: { authorization: 'Bearer x' } }],
    ['a 404', { method: 'GET', url: '/nothing' }],
    ['a malformed URL', { method: 'GET', url: '/%' }],
    [
      'a refused webhook',
      {
        method: 'POST',
        url: '/webhooks/zendesk',
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      },
    ],
  ])('sends X-Content-Type-Options: nosniff with %s', async (_name, options) => {
    const res = await api().call(options);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
