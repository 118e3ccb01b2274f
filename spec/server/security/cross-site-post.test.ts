import { loadConfig } from '../../../src/server/config.js';
import { isCrossSitePost } from '../../../src/server/security/cross-site.js';
import { surveyWithLink } from '../../support/survey-links.js';
import { appForSuite } from '../../support/app-for-suite.js';
import { describeEachDatabase } from '../../support/databases.js';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ces.example.com' });
const OWN = ['https://ces.example.com'];

describe('isCrossSitePost', () => {
  it.each([
    [{ 'sec-fetch-site': 'cross-site' }, true],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://ces.example.com' }, true],
    [{ 'sec-fetch-site': 'same-origin', origin: 'null' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    [{ origin: 'https://evil.example' }, true],
    [{ origin: 'https://CES.example.com' }, false],
    [{ origin: 'null' }, false],
    [{}, false],
  ])('%j → %s', (headers, crossSite) => {
    expect(isCrossSitePost(headers, OWN)).toBe(crossSite);
  });
});

describeEachDatabase('answer posts from another site', (getDb) => {
  let nextTicket = 62_000;
  const app = appForSuite(config, getDb);

  async function newSurvey(): Promise<{ id: number; path: string }> {
    const survey = await surveyWithLink(getDb(), config, {
      ticketId: nextTicket++,
      requesterId: 77,
      assigneeId: 8,
    });
    return { id: survey.surveyId, path: survey.path };
  }

  function post(path: string, headers: Record<string, string>) {
    return app().inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: 'step=score&score=2',
    });
  }

  async function answers(surveyId: number) {
    const { rows } = await getDb().query('SELECT score FROM answers WHERE survey_id = $1', [
      surveyId,
    ]);
    return rows;
  }

  it.each([
    ['a cross-site form', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['a sibling subdomain', { 'sec-fetch-site': 'same-site', origin: 'https://x.example.com' }],
    ['an older browser on another site', { origin: 'https://evil.example' }],
  ])('refuses %s with 403, a readable page and nothing recorded', async (_name, headers) => {
    const s = await newSurvey();
    const res = await post(s.path, { ...headers, 'accept-language': 'en' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('We couldn&#39;t read your answer');
    expect(res.body).toContain(`<a href="${s.path}">Back to the survey</a>`);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(await answers(s.id)).toEqual([]);
  });

  it.each([
    // What a browser sends for the page's own form under Referrer-Policy: no-referrer.
    ['the page’s own form', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['an older browser on the page', { origin: 'https://ces.example.com' }],
    ['a client that says nothing', {}],
  ])('takes %s', async (_name, headers) => {
    const s = await newSurvey();
    const res = await post(s.path, headers);
    expect(res.statusCode).toBe(303);
    expect(await answers(s.id)).toEqual([{ score: 2 }]);
  });
});
