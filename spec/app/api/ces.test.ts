import { cesRequestOptions, getReportCsv, sendSurvey } from '../../../src/app/api/ces.js';
import {
  errorMessageKey,
  RequestError,
  toRequestError,
} from '../../../src/app/api/request-error.js';
import { skip } from '../support/fixtures.js';
import { fail, MockZafClient, ok, route } from '../support/zaf-mock.js';

const target = (client: MockZafClient) => ({
  client,
  serviceUrl: 'https://ces.example.com',
  userId: 7,
});

describe('CES service calls', () => {
  it('put the query in the URL, leave out what is unset, and send JSON bodies as text', () => {
    const o = cesRequestOptions(target(new MockZafClient()), '/report', {
      query: { from: '2026-01-01', to: '2026-01-31', groupId: undefined, channel: 'web chat' },
    });
    expect(o.url).toBe(
      'https://ces.example.com/api/v1/report?from=2026-01-01&to=2026-01-31&channel=web+chat',
    );
    const post = cesRequestOptions(target(new MockZafClient()), '/setup', {
      method: 'POST',
      body: { repair: true },
    });
    expect(post).toMatchObject({
      type: 'POST',
      contentType: 'application/json',
      data: '{"repair":true}',
    });
  });

  it('turn a 409 skip into an answer, and other failures into errors', async () => {
    const skipped = new MockZafClient({
      routes: [
        route('POST', '/api/v1/tickets/5/survey', fail(409, { outcome: 'skipped', skip: skip() })),
      ],
    });
    expect(await sendSurvey(target(skipped), 5)).toEqual({
      outcome: 'skipped',
      skip: skip(),
    });
    const conflict = new MockZafClient({
      routes: [
        route(
          'POST',
          '/api/v1/tickets/5/survey',
          fail(409, { error: 'conflict', message: 'busy' }),
        ),
      ],
    });
    await expect(sendSurvey(target(conflict), 5)).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'busy',
    });
  });

  it('ask for CSV as text', async () => {
    const client = new MockZafClient({ routes: [route('GET', '/api/v1/report.csv', ok('a,b\n'))] });
    expect(await getReportCsv(target(client), { from: '2026-01-01', to: '2026-01-02' })).toBe(
      'a,b\n',
    );
    expect(client.requests[0]!.dataType).toBe('text');
  });
});

describe('request errors', () => {
  it('read the body from responseText when the proxy gives no JSON', () => {
    const e = toRequestError('ces', {
      status: 422,
      responseText: '{"error":"invalid_settings","message":"m"}',
    });
    expect(e).toMatchObject({ status: 422, code: 'invalid_settings', message: 'm' });
  });

  it('treat anything without a status as "nothing answered"', () => {
    expect(toRequestError('ces', new Error('timeout'))).toMatchObject({
      status: 0,
      message: 'timeout',
    });
  });

  it.each([
    [0, 'common.errors.unreachable'],
    [401, 'common.errors.unauthorized'],
    [403, 'common.errors.forbidden'],
    [404, 'common.errors.notFound'],
    [429, 'common.errors.rateLimited'],
    [500, 'common.errors.server'],
    [400, 'common.errors.request'],
  ])('status %s tells the user %s', (status, key) => {
    expect(errorMessageKey(new RequestError('ces', status, null, null, ''))).toBe(key);
  });
});
