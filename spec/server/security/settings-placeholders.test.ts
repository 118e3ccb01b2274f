import type { SettingsInvalidResponse } from '../../../src/shared/api-types.js';
import { describeEachDatabase } from '../../support/databases.js';
import { apiForSuite } from '../routes/api/api-harness.js';

/** Text customers read goes into Zendesk emails and triggers, where `{{…}}` is a placeholder. */
describeEachDatabase('settings text with Zendesk placeholders', (getDb) => {
  const api = apiForSuite(getDb);

  const put = (payload: object) => api().call({ method: 'PUT', url: '/api/v1/settings', payload });

  it('refuses {{ or }} in the company name, a question or a reason label, and saves nothing', async () => {
    const res = await put({
      companyName: 'Acme {{ticket.requester.name}}',
      questionOverrides: { nl: 'Was het makkelijk? }}', de: 'War es {company} leicht?' },
      drivers: ['transferred', 'my_own'],
      customDriverLabels: { my_own: { en: 'Our own', fr: '{{setting.shared_secret}}' } },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json<SettingsInvalidResponse>();
    expect(body.problems).toEqual(
      expect.arrayContaining(
        ['companyName', 'questionOverrides.nl', 'customDriverLabels.my_own'].map((path) => ({
          path,
          messageKey: 'settings.errors.placeholder',
        })),
      ),
    );
    expect(body.problems).toHaveLength(3);
    const { rows } = await getDb().query('SELECT 1 FROM settings');
    expect(rows).toHaveLength(0);
  });

  it('keeps single braces: {company} in a question is ours, not Zendesk’s', async () => {
    const res = await put({
      companyName: 'Acme {Europe}',
      questionOverrides: { de: '{company}?' },
    });
    expect(res.statusCode).toBe(200);
  });
});
