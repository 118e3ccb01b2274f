import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { saveSettings } from '../../../src/server/settings/settings-repository.js';
import { surveyWithLink } from '../../support/survey-links.js';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../../src/shared/settings.js';
import { describeEachDatabase } from '../../support/databases.js';

const config = loadConfig({ NODE_ENV: 'test' });

/** What an admin may type into settings; every piece is shown to customers. */
const COMPANY = `Acme <b>"&'$'$&`;
const DRIVER = `x" onfocus="alert(1)`;
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  companyName: COMPANY,
  questionOverrides: { en: '<img src=x onerror=alert(1)> {company} made it easy?' },
  drivers: ['transferred', DRIVER],
  customDriverLabels: { [DRIVER]: { en: '<script>alert(2)</script>' } },
};

describeEachDatabase('admin text on the survey page', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config, db: getDb() });
    expect(validateSettings(SETTINGS)).toEqual([]);
    await saveSettings(getDb(), SETTINGS);
  });
  afterAll(async () => {
    await app.close();
  });

  it('is shown as the text typed, in content and in attributes, never as markup', async () => {
    const { path } = await surveyWithLink(getDb(), config, { ticketId: 63_001 });

    const question = (await app.inject({ method: 'GET', url: path })).body;
    expect(question).toContain(
      '<legend>&lt;img src=x onerror=alert(1)&gt; Acme &lt;b&gt;&quot;&amp;&#39;$&#39;$&amp; made it easy?</legend>',
    );

    const form = (body: string) => ({
      method: 'POST' as const,
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });
    expect((await app.inject(form('step=score&score=2'))).statusCode).toBe(303);
    const followup = (await app.inject({ method: 'GET', url: path })).body;
    expect(followup).toContain(
      '<input type="radio" name="driver" value="x&quot; onfocus=&quot;alert(1)"><span>&lt;script&gt;alert(2)&lt;/script&gt;</span>',
    );

    const posted = await app.inject(
      form(new URLSearchParams({ step: 'followup', score: '2', driver: DRIVER }).toString()),
    );
    expect(posted.statusCode).toBe(303);
    const summary = (await app.inject({ method: 'GET', url: `${path}?saved=1` })).body;
    expect(summary).toContain('<dd>&lt;script&gt;alert(2)&lt;/script&gt;</dd>');

    for (const html of [question, followup, summary]) {
      expect(html).not.toMatch(/<(img|b|script)[ >]/);
      expect(html).not.toContain('" onfocus="');
    }
  });
});
